import type { EscapingScheme } from '../model';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './content-type';

/** The exposition formats promkit writes. */
export type ExpositionFormat = 'text' | 'openmetrics' | 'protobuf';

/** The formats a scrape answers with a string; protobuf answers with bytes. */
export type TextExpositionFormat = Exclude<ExpositionFormat, 'protobuf'>;

/** What `negotiate` chose: the format, its content type and the name escaping scheme. */
export interface NegotiatedFormat {
  readonly format: ExpositionFormat;
  readonly contentType: string;
  readonly escaping: EscapingScheme;
}

/** `negotiate`'s options: which formats the endpoint offers besides text 0.0.4. */
export interface NegotiateOptions {
  /** `false` never serves OpenMetrics, e.g. for scrapers known to mishandle it. */
  readonly openMetrics?: boolean;
  /** `false` never serves protobuf (which native histograms need). */
  readonly protobuf?: boolean;
}

/** The default when a scraper names no escaping scheme, as the escaping-scheme document says. */
const DEFAULT_ESCAPING: EscapingScheme = 'underscores';
const ESCAPING_SCHEMES: ReadonlySet<string> = new Set(['allow-utf-8', 'underscores', 'dots', 'values']);

const PROTOBUF_PROTO = 'io.prometheus.client.MetricFamily';
const TEXT_1_0_0_CONTENT_TYPE = 'text/plain; version=1.0.0; charset=utf-8';

/** What a media range asks for, before escaping is settled. */
interface Choice {
  readonly format: ExpositionFormat;
  /** Text 1.0.0 and OpenMetrics 1.0.0 can carry quoted UTF-8 names; 0.0.4 and 0.0.1 cannot. */
  readonly utf8: boolean;
  readonly contentType: string;
  /** Whether the content type always names the escaping scheme (text 1.0.0 does). */
  readonly namesEscaping: boolean;
}

const TEXT: Choice = {
  format: 'text',
  utf8: false,
  contentType: PROMETHEUS_CONTENT_TYPE,
  namesEscaping: false,
};
const TEXT_1_0_0: Choice = {
  format: 'text',
  utf8: true,
  contentType: TEXT_1_0_0_CONTENT_TYPE,
  namesEscaping: true,
};
const OPENMETRICS: Choice = {
  format: 'openmetrics',
  utf8: true,
  contentType: OPENMETRICS_CONTENT_TYPE,
  namesEscaping: false,
};
const OPENMETRICS_0_0_1: Choice = { ...OPENMETRICS, utf8: false };
const PROTOBUF: Choice = {
  format: 'protobuf',
  utf8: true,
  contentType: PROTOBUF_CONTENT_TYPE,
  namesEscaping: false,
};

/** RFC 9110 qvalue: 0 to 1 with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Picks the exposition format for an Accept header, following prometheus.io's
 * scrape content negotiation: the acceptable range with the highest q-value
 * wins, then the more specific (`type/subtype` over `type/*` over `*\/*`),
 * then the earlier in the header. Text 0.0.4 is the answer when nothing
 * acceptable is offered (a missing, empty or malformed header too), since every
 * Prometheus reads it. Never throws.
 *
 * - Protobuf needs `proto=io.prometheus.client.MetricFamily;encoding=delimited`
 *   (what Prometheus sends when it wants native histograms).
 * - OpenMetrics is acceptable as 1.0.0, 0.0.1 or unversioned and answered as
 *   1.0.0: Prometheus < 2.43 asks for 0.0.1 and the wire format is the same.
 * - `text/plain` is acceptable as 0.0.4, 1.0.0 or unversioned.
 *
 * The escaping scheme comes from the chosen range's `escaping` parameter, else
 * from any other range that has one (Prometheus 3 adds it only to the 1.0.0
 * formats, yet it speaks for the scraper as a whole), else `underscores`.
 * Formats that cannot quote names (0.0.4, OpenMetrics 0.0.1) never get
 * `allow-utf-8`. The content type names the scheme for text 1.0.0 always, and
 * for the other formats when the scraper asked with one.
 */
export function negotiate(acceptHeader?: string | null, options?: NegotiateOptions): NegotiatedFormat {
  if (typeof acceptHeader !== 'string' || acceptHeader === '') return answer(TEXT, undefined, false);
  let best: Choice = TEXT;
  let bestEscaping: string | undefined;
  let bestQ = -1;
  let bestSpecificity = -1;
  let anyEscaping: string | undefined;
  const ranges = acceptHeader.split(',');
  for (let i = 0; i < ranges.length; i++) {
    const range = parseRange(ranges[i]);
    if (range === undefined) continue;
    if (anyEscaping === undefined && range.escaping !== undefined) anyEscaping = range.escaping;
    if (range.q <= 0) continue;
    const candidate = classify(range, options);
    if (candidate === undefined) continue;
    if (range.q > bestQ || (range.q === bestQ && candidate.specificity > bestSpecificity)) {
      best = candidate.choice;
      bestEscaping = range.escaping;
      bestQ = range.q;
      bestSpecificity = candidate.specificity;
    }
  }
  return answer(best, bestEscaping ?? anyEscaping, anyEscaping !== undefined);
}

function answer(
  choice: Choice,
  requested: string | undefined,
  scraperNamesSchemes: boolean,
): NegotiatedFormat {
  let escaping = (requested as EscapingScheme | undefined) ?? DEFAULT_ESCAPING;
  if (escaping === 'allow-utf-8' && !choice.utf8) escaping = DEFAULT_ESCAPING;
  const contentType =
    choice.namesEscaping || scraperNamesSchemes
      ? `${choice.contentType}; escaping=${escaping}`
      : choice.contentType;
  return { format: choice.format, contentType, escaping };
}

interface MediaRange {
  readonly type: string;
  readonly version: string | undefined;
  readonly proto: string | undefined;
  readonly encoding: string | undefined;
  /** A scheme we know, or undefined (an unknown one is ignored, as client_golang does). */
  readonly escaping: string | undefined;
  readonly q: number;
}

function parseRange(text: string): MediaRange | undefined {
  const parts = text.split(';');
  const type = parts[0].trim().toLowerCase();
  if (!type.includes('/')) return undefined;
  let version: string | undefined;
  let proto: string | undefined;
  let encoding: string | undefined;
  let escaping: string | undefined;
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
    } else if (key === 'proto') {
      proto = value;
    } else if (key === 'encoding') {
      encoding = value;
    } else if (key === 'escaping') {
      // Only the four known values are ever echoed back in a Content-Type.
      if (ESCAPING_SCHEMES.has(value)) escaping = value;
    }
  }
  return { type, version, proto, encoding, escaping, q };
}

function classify(
  range: MediaRange,
  options: NegotiateOptions | undefined,
): { choice: Choice; specificity: number } | undefined {
  const { type, version } = range;
  switch (type) {
    case 'application/vnd.google.protobuf':
      if (options?.protobuf === false) return undefined;
      return range.proto === PROTOBUF_PROTO && range.encoding === 'delimited'
        ? { choice: PROTOBUF, specificity: 2 }
        : undefined;
    case 'application/openmetrics-text':
      if (options?.openMetrics === false) return undefined;
      if (version === undefined || version === '1.0.0') return { choice: OPENMETRICS, specificity: 2 };
      return version === '0.0.1' ? { choice: OPENMETRICS_0_0_1, specificity: 2 } : undefined;
    case 'text/plain':
      if (version === undefined || version === '0.0.4') return { choice: TEXT, specificity: 2 };
      return version === '1.0.0' ? { choice: TEXT_1_0_0, specificity: 2 } : undefined;
    case 'text/*':
      return { choice: TEXT, specificity: 1 };
    case '*/*':
      return { choice: TEXT, specificity: 0 };
    default:
      return undefined;
  }
}
