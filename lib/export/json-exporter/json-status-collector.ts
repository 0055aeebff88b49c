import { CounterMetricFamily, GaugeMetricFamily } from '../../collectors';
import type { Collector } from '../../core';
import type { MetricFamily } from '../../model';
import type { ExportLogger } from '../logger';
import { type FetchProblem, fetchStatus } from './fetch-status';
import { type FieldProblem, familyForField } from './field-families';
import { numericLeaves, readField } from './field-path';
import type { JsonMetricMapping } from './mapping';

export interface JsonStatusCollectorOptions {
  /** URL of the JSON status document. */
  readonly target: string | URL;
  readonly mapping?: readonly JsonMetricMapping[];
  /** Names `<prefix>_up`, `<prefix>_scrape_errors_total` and auto-exported gauges; default `app`. */
  readonly prefix?: string;
  /** Export numeric fields no mapping names as `<prefix>_<path>` gauges (default false). */
  readonly autoExport?: boolean;
  /** Default 5000. */
  readonly timeoutMs?: number;
  /** The largest status document read, in bytes (default 4 MiB); a larger one counts as `too_large`. */
  readonly maxBodyBytes?: number;
  /** Told when the target goes down (once per outage); default console. */
  readonly logger?: ExportLogger;
}

type ErrorReason = FetchProblem | FieldProblem;

const REASONS: readonly ErrorReason[] = [
  'connection',
  'timeout',
  'http_status',
  'too_large',
  'invalid_json',
  'missing_field',
  'wrong_type',
];

/** Larger than any status page; a hostile target cannot make the exporter read more by default. */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** More auto-exported fields than a status page plausibly has; caps the series a huge document creates. */
const AUTO_EXPORT_LIMIT = 500;

function sanitizeName(path: string): string {
  return path.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * Fetches a JSON status document at every scrape and turns it into metrics.
 * A failing target never fails the scrape: it shows as `<prefix>_up 0` plus
 * a count of the reason, and no stale values are exported in the meantime.
 */
export class JsonStatusCollector implements Collector {
  private readonly target: URL;
  private readonly mapping: readonly JsonMetricMapping[];
  private readonly prefix: string;
  private readonly errors = new Map<ErrorReason, number>(REASONS.map((r) => [r, 0]));
  private wasUp = true;

  constructor(private readonly options: JsonStatusCollectorOptions) {
    this.target = new URL(options.target);
    this.mapping = options.mapping ?? [];
    this.prefix = options.prefix ?? 'app';
  }

  describe(): readonly string[] {
    return [`${this.prefix}_up`, `${this.prefix}_scrape_errors`, ...this.mapping.map((m) => m.metric)];
  }

  async collect(): Promise<MetricFamily[]> {
    const result = await fetchStatus(
      this.target,
      this.options.timeoutMs ?? 5000,
      this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    );
    if (result.ok) {
      try {
        const families = this.familiesOf(result.document);
        this.wasUp = true;
        return families;
      } catch (error) {
        // A document no mapping step expected still leaves `up` at 0 rather than failing the collector.
        return this.down('invalid_json', error instanceof Error ? error.message : String(error));
      }
    }
    return this.down(result.problem, result.message);
  }

  private familiesOf(document: unknown): MetricFamily[] {
    const families: MetricFamily[] = [this.upFamily(1)];
    for (const mapping of this.mapping) {
      const field = familyForField(mapping, readField(document, mapping.field));
      if ('family' in field) families.push(field.family);
      else this.count(field.problem);
    }
    if (this.options.autoExport) families.push(...this.autoExported(document));
    families.push(this.errorFamily());
    return families;
  }

  private down(problem: FetchProblem, message: string): MetricFamily[] {
    this.count(problem);
    if (this.wasUp) {
      (this.options.logger ?? console).warn(
        `promkit json exporter: ${this.target.origin}${this.target.pathname} is down (${problem}): ${message}`,
      );
    }
    this.wasUp = false;
    return [this.upFamily(0), this.errorFamily()];
  }

  private autoExported(document: unknown): MetricFamily[] {
    const mappedFields = new Set(this.mapping.map((m) => m.field));
    const taken = new Set(this.describe());
    const out: MetricFamily[] = [];
    for (const [path, value] of numericLeaves(document, AUTO_EXPORT_LIMIT)) {
      const name = `${this.prefix}_${sanitizeName(path)}`;
      if (mappedFields.has(path) || taken.has(name)) continue;
      taken.add(name);
      out.push(new GaugeMetricFamily(name, `Status field "${path}" (exported automatically)`, { value }));
    }
    return out;
  }

  private count(reason: ErrorReason): void {
    this.errors.set(reason, (this.errors.get(reason) ?? 0) + 1);
  }

  private upFamily(value: 0 | 1): MetricFamily {
    return new GaugeMetricFamily(
      `${this.prefix}_up`,
      'Whether the last fetch of the status JSON succeeded.',
      {
        value,
      },
    );
  }

  private errorFamily(): MetricFamily {
    const family = new CounterMetricFamily(
      `${this.prefix}_scrape_errors`,
      'Failed status fetches and unusable fields, by reason.',
      { labels: ['reason'] },
    );
    for (const [reason, count] of this.errors) family.addMetric([reason], count);
    return family;
  }
}
