import type { Exemplar } from '../../model';
import type { OtlpExemplar } from './otlp-data';

const TRACE_ID_HEX = /^[0-9a-f]{32}$/i;
const SPAN_ID_HEX = /^[0-9a-f]{16}$/i;

/**
 * A Prometheus exemplar as OTLP carries it: `trace_id` and `span_id` labels
 * become the trace and span id bytes (when they are ids of the right length;
 * anything else stays an attribute), every other label an attribute.
 */
export function otlpExemplar(exemplar: Exemplar): OtlpExemplar {
  const labelNames: string[] = [];
  const labelValues: string[] = [];
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  for (const name in exemplar.labels) {
    const value = exemplar.labels[name];
    if (name === 'trace_id' && TRACE_ID_HEX.test(value)) traceId = Buffer.from(value, 'hex');
    else if (name === 'span_id' && SPAN_ID_HEX.test(value)) spanId = Buffer.from(value, 'hex');
    else {
      labelNames.push(name);
      labelValues.push(value);
    }
  }
  return {
    attributes: { labelNames, labelValues },
    value: exemplar.value,
    timeMs: exemplar.timestamp,
    traceId,
    spanId,
  };
}

/** The exemplars of a classic histogram's buckets, in bucket order. */
export function bucketExemplars(
  exemplars: ArrayLike<Exemplar | undefined> | undefined,
): OtlpExemplar[] | undefined {
  if (exemplars === undefined) return undefined;
  let out: OtlpExemplar[] | undefined;
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i];
    if (e !== undefined) (out ??= []).push(otlpExemplar(e));
  }
  return out;
}

export function listExemplars(exemplars: readonly Exemplar[] | undefined): OtlpExemplar[] | undefined {
  return exemplars?.length ? exemplars.map(otlpExemplar) : undefined;
}
