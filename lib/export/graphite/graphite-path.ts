import type { Sample } from '../../core';

const INVALID_SEGMENT_CHARS = /[^a-zA-Z0-9_-]/g;

/** Graphite path segments cannot hold dots, spaces or most punctuation; they become `_`, as in the Python client. */
export function sanitizeSegment(text: string): string {
  return text.replace(INVALID_SEGMENT_CHARS, '_');
}

/** `prefix.name.key1.value1.key2.value2` with labels sorted by name, as the Python client's bridge names them. */
export function graphitePath(sample: Sample, prefix: string | undefined): string {
  let path = prefix ? `${prefix}.${sanitizeSegment(sample.name)}` : sanitizeSegment(sample.name);
  for (const key of Object.keys(sample.labels).sort()) {
    path += `.${sanitizeSegment(key)}.${sanitizeSegment(sample.labels[key])}`;
  }
  return path;
}

/**
 * The plaintext-protocol lines for these samples at `timestampSeconds`.
 * NaN and infinities are left out: Graphite's storage has no way to tell
 * them from a gap, so sending them would only produce unreadable points.
 */
export function graphiteLines(
  samples: readonly Sample[],
  prefix: string | undefined,
  timestampSeconds: number,
) {
  let out = '';
  for (const s of samples) {
    if (Number.isFinite(s.value)) out += `${graphitePath(s, prefix)} ${s.value} ${timestampSeconds}\n`;
  }
  return out;
}
