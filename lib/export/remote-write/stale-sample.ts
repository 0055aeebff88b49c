import type { ProtoWriter } from '../../exposition';
import { SAMPLE, STALE_NAN_BYTES } from './wire-fields';

/**
 * The fields of a Sample holding Prometheus' stale marker: the same message in
 * 1.0 and 2.0 (a marker has no start timestamp), so both encoders write it here.
 */
export function writeStaleSampleFields(w: ProtoWriter, timestamp: number): void {
  w.varint(SAMPLE.value);
  w.raw(STALE_NAN_BYTES);
  w.varint(SAMPLE.timestamp);
  w.int64(Math.trunc(timestamp));
}
