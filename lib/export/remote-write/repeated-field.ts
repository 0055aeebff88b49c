import { ProtoWriter } from '../../exposition';

/**
 * The bytes of a field written before, kept while its value stays the same:
 * every sample of a collection has the same timestamp and every series of a
 * family the same metadata, which are then copied instead of encoded again.
 */
export class RepeatedField<T> {
  private value: T | undefined;
  private bytes = new Uint8Array(0);

  constructor(private readonly write: (w: ProtoWriter, value: T) => void) {}

  /** The encoded field for `value`, encoded only when it differs from the last one. */
  of(value: T): Uint8Array {
    if (value !== this.value || this.bytes.length === 0) {
      const w = new ProtoWriter(32);
      this.write(w, value);
      this.bytes = Uint8Array.prototype.slice.call(w.finish());
      this.value = value;
    }
    return this.bytes;
  }
}
