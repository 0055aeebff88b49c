import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from './content-type';

export type ExpositionFormat = 'text' | 'openmetrics';

export interface NegotiatedFormat {
  readonly format: ExpositionFormat;
  readonly contentType: string;
}

export interface NegotiateOptions {
  /** `false` always serves text 0.0.4, e.g. for scrapers known to mishandle OpenMetrics. */
  readonly openMetrics?: boolean;
}

const TEXT: NegotiatedFormat = Object.freeze({ format: 'text', contentType: PROMETHEUS_CONTENT_TYPE });
const OPENMETRICS: NegotiatedFormat = Object.freeze({
  format: 'openmetrics',
  contentType: OPENMETRICS_CONTENT_TYPE,
});

/** RFC 9110 qvalue: 0 to 1 with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Picks the exposition format for an Accept header. Text 0.0.4 is the answer
 * unless OpenMetrics is acceptable with a strictly better preference, so a
 * missing, empty or malformed header (or one we cannot satisfy) gets text,
 * which every Prometheus version reads. Never throws.
 *
 * Preference is q-value, then specificity (`type/subtype` over `type/*` over
 * `*\/*`), then order in the header. OpenMetrics is acceptable for versions
 * 1.0.0, 0.0.1 or no version: 0.0.1 is what Prometheus < 2.43 and older clients
 * ask for, the wire format is the same, and client_golang and client_python
 * both answer such requests with OpenMetrics too. Other versions (a future
 * 2.0.0) are not acceptable, and neither is text/plain with a version other
 * than 0.0.4 (Prometheus 3's `version=1.0.0`); lower-ranked 0.0.4 or the
 * text fallback then applies.
 */
export function negotiate(acceptHeader?: string | null, options?: NegotiateOptions): NegotiatedFormat {
  if (options?.openMetrics === false) return TEXT;
  if (typeof acceptHeader !== 'string' || acceptHeader === '') return TEXT;
  let best: NegotiatedFormat = TEXT;
  let bestQ = -1;
  let bestSpecificity = -1;
  const ranges = acceptHeader.split(',');
  for (let i = 0; i < ranges.length; i++) {
    const range = parseRange(ranges[i]);
    if (range === undefined || range.q <= 0) continue;
    const candidate = classify(range);
    if (candidate === undefined) continue;
    if (range.q > bestQ || (range.q === bestQ && candidate.specificity > bestSpecificity)) {
      best = candidate.format;
      bestQ = range.q;
      bestSpecificity = candidate.specificity;
    }
  }
  return best;
}

interface MediaRange {
  readonly type: string;
  readonly version: string | undefined;
  readonly q: number;
}

function parseRange(text: string): MediaRange | undefined {
  const parts = text.split(';');
  const type = parts[0].trim().toLowerCase();
  if (!type.includes('/')) return undefined;
  let version: string | undefined;
  let q = 1;
  for (let i = 1; i < parts.length; i++) {
    const eq = parts[i].indexOf('=');
    if (eq < 0) continue;
    const key = parts[i].slice(0, eq).trim().toLowerCase();
    let value = parts[i].slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (key === 'q') {
      // A range with an unreadable weight is ignored rather than guessed at.
      if (!QVALUE.test(value)) return undefined;
      q = Number(value);
    } else if (key === 'version') {
      version = value;
    }
  }
  return { type, version, q };
}

function classify(range: MediaRange): { format: NegotiatedFormat; specificity: number } | undefined {
  const { type, version } = range;
  if (type === 'application/openmetrics-text') {
    if (version === undefined || version === '1.0.0' || version === '0.0.1') {
      return { format: OPENMETRICS, specificity: 2 };
    }
    return undefined;
  }
  if (type === 'text/plain') {
    return version === undefined || version === '0.0.4' ? { format: TEXT, specificity: 2 } : undefined;
  }
  if (type === 'text/*') return { format: TEXT, specificity: 1 };
  if (type === '*/*') return { format: TEXT, specificity: 0 };
  return undefined;
}
