/**
 * A small reader of the protobuf wire format, enough to read the series of a
 * Remote Write 1.0 request in-process (protoc, in test/e2e, checks every field).
 */

type WireValue = number | Uint8Array;

/** Every field of a message: its number and raw value (a varint as a number, fixed64 and length-delimited as bytes). */
function fields(bytes: Uint8Array): [number, WireValue][] {
  const out: [number, WireValue][] = [];
  let pos = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[pos++];
      value += (byte & 127) * scale;
      scale *= 128;
    } while (byte & 128);
    return value;
  };
  while (pos < bytes.length) {
    const key = varint();
    const wireType = key & 7;
    const field = Math.floor(key / 8);
    if (wireType === 0) out.push([field, varint()]);
    else if (wireType === 1) {
      out.push([field, bytes.subarray(pos, pos + 8)]);
      pos += 8;
    } else if (wireType === 2) {
      const length = varint();
      out.push([field, bytes.subarray(pos, pos + length)]);
      pos += length;
    } else throw new Error(`wire type ${wireType} at byte ${pos}`);
  }
  return out;
}

export interface V1Series {
  readonly labels: Record<string, string>;
  /** The sample's value, and whether its bits are Prometheus' stale marker (0x7ff0000000000002). */
  readonly value: number;
  readonly stale: boolean;
  readonly timestamp: number;
  readonly histograms: number;
}

const text = new TextDecoder();

/** The series of an uncompressed `prometheus.WriteRequest`, one sample (or histogram) each. */
export function decodeV1Series(request: Uint8Array): V1Series[] {
  return fields(request)
    .filter(([field]) => field === 1)
    .map(([, ts]) => {
      const labels: Record<string, string> = {};
      let value = Number.NaN;
      let stale = false;
      let timestamp = 0;
      let histograms = 0;
      for (const [field, raw] of fields(ts as Uint8Array)) {
        if (field === 1) {
          const [[, name], [, labelValue]] = fields(raw as Uint8Array);
          labels[text.decode(name as Uint8Array)] = text.decode(labelValue as Uint8Array);
        } else if (field === 2) {
          for (const [f, v] of fields(raw as Uint8Array)) {
            if (f === 1) {
              const b = v as Uint8Array;
              const view = new DataView(b.buffer, b.byteOffset, 8);
              value = view.getFloat64(0, true);
              stale = view.getUint32(0, true) === 2 && view.getUint32(4, true) === 0x7ff00000;
            } else if (f === 2) timestamp = v as number;
          }
        } else if (field === 4) histograms++;
      }
      return { labels, value, stale, timestamp, histograms };
    });
}
