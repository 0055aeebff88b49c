import type { ExpositionWriter, FormatWriter, WriteOptions } from '../exposition';
import {
  type ExpositionFormat,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  type TextExpositionFormat,
  textFormatOf,
  writerFor,
} from '../exposition';
import {
  type EscapedName,
  type EscapingScheme,
  escapedKey,
  escapedSampleNames,
  isLegacyMetricName,
  type LabelSet,
  type MetricFamily,
  REWRITING_SCHEMES,
  sampleNamesOf,
} from '../model';
import type { Collector } from './collector';
import { type ForeignMetric, ForeignMetricCollector, isForeignMetric } from './foreign-metric';
import { assertWellFormed } from './labels';
import { checkMetricDefaults, type MetricDefaults } from './metric-defaults';
import { type MetricObjectWithValues, type MetricValue, metricObjectOf } from './metric-object';
import { timerWait } from './options';
import { checkPolicy, collectedFamilyPolicy, type MetricPolicy } from './policy';
import type { RegisteredMetric } from './registered-metric';
import { type Sample, samplesOf } from './samples';
import { namesKey } from './scrape/coalesce';
import {
  type CollectSource,
  collectFamilies,
  collectOne,
  DEFAULT_COLLECT_TIMEOUT_MS,
} from './scrape/collection';
import { NameFilter } from './scrape/name-filter';
import { render } from './scrape/render';
import { ScrapeState, type ScrapeStateOptions } from './scrape/scrape-state';
import type { WarningLogger } from './scrape/warning-logger';
import { targetInfoFamily } from './target-info';
import { assertLabelNames, describe, differenceFromRegistered, MetricConfigError } from './validation';

/** `collectTimeout`, unless Infinity: a timer waits for late collectors. */
const COLLECT_TIMEOUT = timerWait('milliseconds');

/** The content type of the Prometheus text format 0.0.4. */
export type PrometheusContentType = typeof PROMETHEUS_CONTENT_TYPE;
/** The content type of OpenMetrics 1.0 text. */
export type OpenMetricsContentType = typeof OPENMETRICS_CONTENT_TYPE;
/** Either text content type a registry writes by default. */
export type RegistryContentType = PrometheusContentType | OpenMetricsContentType;

/** A registry's options: defaults for its metrics and how its scrapes behave. */
export interface RegistryOptions extends ScrapeStateOptions, MetricDefaults {
  /**
   * Milliseconds a scrape waits for asynchronous collectors (default 7000, a few
   * seconds under Prometheus' default 10 s scrape timeout). A collector still
   * running then is left out of that scrape and reported like a failing one;
   * scrapes meanwhile wait on its running call rather than starting another.
   */
  collectTimeout?: number;
  /**
   * Write `_created` samples in OpenMetrics scrapes (default false, as
   * prom-client and client_golang do: Prometheus 2.x stores each one as a
   * series of its own). A scrape's own `created` option wins.
   */
  created?: boolean;
  /** Rules every metric declared with this registry in `registers` follows (see `setPolicy`). */
  policy?: MetricPolicy;
}

export interface ScrapeOptions {
  /** Write this format instead of the registry's own content type; `protobuf` gives bytes. */
  format?: ExpositionFormat;
  /** How names outside the legacy character set are written (default `underscores`). */
  escaping?: EscapingScheme;
  /** Only families with these names (family or sample names, as Prometheus' `name[]` parameter). */
  names?: Iterable<string>;
  /** OpenMetrics: write `_created` samples (default: the registry's `created` option). */
  created?: boolean;
}

type AnyMetric = RegisteredMetric;

/** Another library's registry with prom-client's API, as Registry.merge takes it. */
export interface ForeignRegistry {
  readonly contentType: string;
  /** Its metrics; each must be promkit's or have prom-client's `get()`. */
  getMetricsAsArray(): readonly object[];
}

/** A registered collector: a metric, or a custom collector with the names it described. */
interface Entry extends CollectSource {
  names: string[];
  /** The sample names a UTF-8 family takes in escaped scrapes; none for legacy names. */
  escaped: EscapedName[];
  metric?: AnyMetric;
}

/** A collector's described names are family names of unknown type: escaped whole. */
function describedEscapes(names: Iterable<string>): EscapedName[] {
  return [...names].flatMap((name) => escapedSampleNames('unknown', name));
}

/** The text format a registry of this content type writes; prom-client's error for any other. */
function formatOfContentType(contentType: string): TextExpositionFormat {
  const format = textFormatOf(contentType);
  if (format === undefined) throw new MetricConfigError(`Content type ${contentType} is unsupported`);
  return format;
}

/** `with type counter (here: type gauge)` when both are metrics of different types, else ''. */
function typeDifference(registered: AnyMetric | undefined, added: AnyMetric | undefined): string {
  const [theirs, ours] = [registered?.type, added?.type];
  if (typeof theirs !== 'string' || typeof ours !== 'string' || theirs === ours) return '';
  return differenceFromRegistered(`type ${theirs}`, `type ${ours}`);
}

function collectorLabel(c: Collector): string {
  return c.describe?.().join(',') || c.constructor?.name || 'collector';
}

/**
 * A set of metrics and collectors scraped together. API-compatible with
 * prom-client's Registry, plus the Python client's getSampleValue and target info.
 */
export class Registry<BoundRegistryContentType extends RegistryContentType = PrometheusContentType> {
  static readonly PROMETHEUS_CONTENT_TYPE: PrometheusContentType = PROMETHEUS_CONTENT_TYPE;
  static readonly OPENMETRICS_CONTENT_TYPE: OpenMetricsContentType = OPENMETRICS_CONTENT_TYPE;

  private entries: Entry[] = [];
  private owners = new Map<string, Entry>();
  /** UTF-8 families by the sample names escaping schemes write them under (`escapedKey`). */
  private escapedOwners = new Map<string, Entry>();
  private defaultLabelSet: LabelSet | undefined;
  private defaultLabelsObject: Record<string, string> = {};
  private targetInfo: MetricFamily | undefined;
  private contentTypeValue: BoundRegistryContentType;
  /** The format `contentTypeValue` names: what a scrape writes unless it asks for another. */
  private defaultFormat: TextExpositionFormat;
  private readonly state: ScrapeState;
  private readonly collectTimeout: number;
  private metricDefaultsValue: Readonly<MetricDefaults>;
  private readonly created: boolean;
  private policyValue: Readonly<MetricPolicy> | undefined;

  constructor(regContentType?: BoundRegistryContentType, options: RegistryOptions = {}) {
    this.contentTypeValue = regContentType ?? (PROMETHEUS_CONTENT_TYPE as BoundRegistryContentType);
    this.defaultFormat = formatOfContentType(this.contentTypeValue);
    this.state = new ScrapeState(this, options);
    this.metricDefaultsValue = checkMetricDefaults(options);
    this.collectTimeout = options.collectTimeout ?? DEFAULT_COLLECT_TIMEOUT_MS;
    // Past what a timer can wait, Node fires after 1 ms: every collector would be left out.
    if (this.collectTimeout !== Number.POSITIVE_INFINITY && !COLLECT_TIMEOUT.accepts(this.collectTimeout)) {
      throw new MetricConfigError(
        `collectTimeout must be ${COLLECT_TIMEOUT.allowed}, or Infinity (waits forever), got ${describe(options.collectTimeout)}`,
      );
    }
    this.created = options.created === true;
    this.policyValue = options.policy === undefined ? undefined : checkPolicy(options.policy);
  }

  /**
   * Everything the registry keeps about its scrapes (promkit's own counters,
   * collector failures, warnings, shared scrapes): for promkit's own layers,
   * not a promise to apps.
   */
  get scrapeState(): ScrapeState {
    return this.state;
  }

  /** Where the registry's warnings go (`undefined`: back to `console.warn`); also the `onWarning` option. */
  setWarningLogger(logger: WarningLogger | undefined): void {
    this.state.setWarningLogger(logger);
  }

  get contentType(): BoundRegistryContentType {
    return this.contentTypeValue;
  }

  setContentType(contentType: BoundRegistryContentType): void {
    this.defaultFormat = formatOfContentType(contentType);
    this.contentTypeValue = contentType;
  }

  /**
   * Registers a metric. A metric of another library with prom-client's metric
   * API (prom-client itself, or a package that registers its prom-client
   * metrics into the registry it is given) is scraped through its `get()`.
   */
  registerMetric(given: AnyMetric | ForeignMetric): void {
    if (isForeignMetric(given)) {
      this.registerForeign(given as ForeignMetric);
      return;
    }
    const metric = given as AnyMetric;
    if (metric === null || typeof metric !== 'object' || typeof metric.collect !== 'function') {
      throw new MetricConfigError(
        `registerMetric expects a metric (promkit's, or one with prom-client's name and get()), got ${describe(metric)}`,
      );
    }
    const existing = this.owners.get(metric.familyName);
    if (existing?.collector === metric) return;
    this.add({
      collector: metric,
      metric,
      trusted: true,
      label: metric.name,
      names: sampleNamesOf(metric.type, metric.familyName),
      escaped: escapedSampleNames(metric.type, metric.familyName),
    });
  }

  private registerForeign(metric: ForeignMetric): void {
    if (this.entries.some((e) => e.metric === (metric as unknown))) return;
    const collector = new ForeignMetricCollector(metric);
    this.add({
      collector,
      // It answers prom-client's metric API, which is what the registry's callers use of an entry's metric.
      metric: metric as unknown as AnyMetric,
      label: String(metric.name),
      names: [...collector.describe()],
      escaped: describedEscapes(collector.describe()),
    });
  }

  /** Adds a custom collector; names from its `describe()` are checked for duplicates now. */
  registerCollector(collector: Collector): void {
    if (collector === null || typeof collector !== 'object' || typeof collector.collect !== 'function') {
      throw new MetricConfigError(
        `registerCollector expects an object with a collect() method, got ${describe(collector)}`,
      );
    }
    if (this.entries.some((e) => e.collector === collector)) return;
    const names = collector.describe?.() ?? [];
    this.add({
      collector,
      label: collectorLabel(collector),
      names: [...names],
      escaped: describedEscapes(names),
      trusted: collector.validByConstruction === true,
    });
  }

  unregisterCollector(collector: Collector): void {
    const entry = this.entries.find((e) => e.collector === collector);
    if (entry) this.remove(entry);
  }

  private add(entry: Entry): void {
    for (const name of entry.names) {
      const owner = this.owners.get(name);
      if (owner) {
        // prom-client's sentence first; then a clash on a derived sample name says which, and one of types names both.
        const same = name === entry.label && owner.label === entry.label;
        const types = typeDifference(owner.metric, entry.metric);
        const clash = same
          ? types && ` It is registered ${types}.`
          : ` Its name "${name}" clashes with "${owner.label}"${types && `, registered ${types}`}.`;
        throw new MetricConfigError(
          `A metric with the name ${entry.label} has already been registered.${clash}`,
        );
      }
    }
    this.assertNoEscapedClash(entry);
    for (const name of entry.names) this.owners.set(name, entry);
    for (const e of entry.escaped) this.escapedOwners.set(escapedKey(e.scheme, e.written), entry);
    this.entries.push(entry);
  }

  /**
   * Names that differ only in characters an escaping scheme rewrites
   * (`jobs.done` and `jobs_done`) are one name to a scraper that gets them
   * escaped: refused here, when the second is declared, rather than found by
   * Prometheus in a scrape it then rejects whole.
   */
  private assertNoEscapedClash(entry: Entry): void {
    const clash = (owner: Entry | undefined, scheme: string, written: string) => {
      if (owner === undefined) return;
      throw new MetricConfigError(
        `A metric with the name ${entry.label} clashes with "${owner.label}": the ${scheme} escaping scheme ` +
          `(what scrapers that cannot read UTF-8 names get, Prometheus 2.x among them) writes both as "${written}". Rename one of them.`,
      );
    };
    for (const e of entry.escaped) {
      clash(
        this.escapedOwners.get(escapedKey(e.scheme, e.written)) ?? this.owners.get(e.written),
        e.scheme,
        e.written,
      );
    }
    for (const name of entry.names) {
      if (!isLegacyMetricName(name)) continue;
      for (const scheme of REWRITING_SCHEMES)
        clash(this.escapedOwners.get(escapedKey(scheme, name)), scheme, name);
    }
  }

  private remove(entry: Entry): void {
    this.entries = this.entries.filter((e) => e !== entry);
    for (const name of entry.names) if (this.owners.get(name) === entry) this.owners.delete(name);
    for (const e of entry.escaped) {
      const key = escapedKey(e.scheme, e.written);
      if (this.escapedOwners.get(key) === entry) this.escapedOwners.delete(key);
    }
  }

  getSingleMetric(name: string): AnyMetric | undefined {
    return this.entries.find((e) => e.metric && (e.metric.name === name || e.metric.familyName === name))
      ?.metric;
  }

  removeSingleMetric(name: string): void {
    const entry = this.entries.find(
      (e) => e.metric && (e.metric.name === name || e.metric.familyName === name),
    );
    if (entry) this.remove(entry);
  }

  getMetricsAsArray(): AnyMetric[] {
    return this.entries.flatMap((e) => (e.metric ? [e.metric] : []));
  }

  clear(): void {
    this.entries = [];
    this.owners.clear();
    this.escapedOwners.clear();
    this.defaultLabelSet = undefined;
    this.defaultLabelsObject = {};
    this.state.clear();
  }

  resetMetrics(): void {
    // A foreign metric may have no reset(); prom-client's own metrics all do.
    for (const e of this.entries) e.metric?.reset?.();
  }

  /** Labels added to every series that does not already have a label of that name. */
  setDefaultLabels(labels: Record<string, string | number>): void {
    if (labels === null || typeof labels !== 'object') {
      throw new MetricConfigError(`setDefaultLabels expects an object, got ${describe(labels)}`);
    }
    const names = assertLabelNames('default labels', Object.keys(labels));
    const values = names.map((n) => String(labels[n]));
    for (let i = 0; i < names.length; i++)
      assertWellFormed(`setDefaultLabels: label "${names[i]}"`, values[i]);
    this.defaultLabelSet = names.length ? { labelNames: names, labelValues: values } : undefined;
    this.defaultLabelsObject = Object.fromEntries(names.map((n, i) => [n, values[i]]));
  }

  /** What metrics created afterwards with this registry in `registers` take unless they set their own. */
  setMetricDefaults(defaults: MetricDefaults): void {
    this.metricDefaultsValue = checkMetricDefaults(defaults);
  }

  get metricDefaults(): Readonly<MetricDefaults> {
    return this.metricDefaultsValue;
  }

  /**
   * The instrumentation policy of metrics declared afterwards with this
   * registry first among those in their `registers` that have one (`undefined`
   * removes it). Checked whole now: a mistake throws here, naming the rule.
   */
  setPolicy(policy: MetricPolicy | undefined): void {
    this.policyValue = policy === undefined ? undefined : checkPolicy(policy);
  }

  get policy(): Readonly<MetricPolicy> | undefined {
    return this.policyValue;
  }

  /** The labels set with `setDefaultLabels`, as strings. */
  get defaultLabels(): Readonly<Record<string, string>> {
    return this.defaultLabelsObject;
  }

  /** Describes the target (OpenMetrics `target_info`): exposed as `target_info{...} 1`. */
  setTargetInfo(labels: Record<string, string | number> | undefined): void {
    this.targetInfo = labels === undefined ? undefined : targetInfoFamily(labels);
  }

  /** Runs every collector (in parallel) and returns the families, in registration order. */
  async collect(options: { names?: Iterable<string> } = {}): Promise<MetricFamily[]> {
    const filter = options.names ? new NameFilter(options.names) : undefined;
    const families = await collectFamilies({
      sources: filter ? this.entries.filter((e) => filter.wantsSource(e.names)) : this.entries,
      failures: this.state.failures,
      timeoutMs: this.collectTimeout,
      leading: this.targetInfo ? [this.targetInfo] : undefined,
      govern: this.collectedFamilyGovernance(),
    });
    return filter ? families.filter((f) => filter.wantsFamily(f)) : families;
  }

  /**
   * Accept, deny and common labels reach custom collectors' families (default
   * metrics among them) by family name at each scrape; promkit's metrics
   * already had their say when declared.
   */
  private collectedFamilyGovernance():
    | ((family: MetricFamily, source: CollectSource) => MetricFamily | undefined)
    | undefined {
    const govern = collectedFamilyPolicy(this.policyValue);
    if (govern === undefined) return undefined;
    return (family, source) => ((source as Entry).metric !== undefined ? family : govern(family));
  }

  /**
   * The exposition in the registry's content type (or `options.format`): bytes
   * for protobuf. Concurrent calls for the same format, escaping and names share
   * one collection and one rendering.
   */
  metrics(
    options: ScrapeOptions & { format: Exclude<ExpositionFormat, TextExpositionFormat> },
  ): Promise<Uint8Array>;
  metrics(options?: ScrapeOptions & { format?: TextExpositionFormat }): Promise<string>;
  metrics(options?: ScrapeOptions): Promise<string | Uint8Array>;
  metrics(options: ScrapeOptions = {}): Promise<string | Uint8Array> {
    return this.rendered(
      options,
      'string',
      (writer, writeOptions) => writer.open(writeOptions),
      (body) => body,
    );
  }

  /**
   * The same exposition as `metrics()`, as the bytes of a response body: UTF-8
   * for the text formats, written straight from the series without a string
   * in between (what promkit's own `/metrics` endpoints send).
   */
  async metricsBytes(options: ScrapeOptions = {}): Promise<Uint8Array> {
    return this.rendered(
      options,
      'bytes',
      (writer, writeOptions) => writer.openBytes({ ...writeOptions, sizeHint: this.state.lastBodyBytes }),
      (bytes) => {
        this.state.lastBodyBytes = bytes.byteLength;
        return bytes;
      },
    );
  }

  /**
   * `metricsBytes()` encoded by `encode` (gzip), as promkit's endpoints send
   * it. Concurrent scrapes asking for the same body in the same `encoding`
   * share its encoding, and with every other scrape of that body its
   * rendering: both in the registry's one coalescer.
   */
  async encodedBody<T>(
    options: ScrapeOptions,
    encoding: string,
    encode: (bytes: Uint8Array) => Promise<T>,
  ): Promise<T> {
    const scrape = this.scrapeOf(options);
    return this.state.shared(`${scrape.key('bytes')} ${encoding}`, async () =>
      encode(await this.metricsBytes({ ...options, names: scrape.names })),
    );
  }

  /** What a scrape asks for, with the registry's defaults applied, and its key for sharing it. */
  private scrapeOf(options: ScrapeOptions) {
    const format: ExpositionFormat = options.format ?? this.defaultFormat;
    const names = options.names === undefined ? undefined : [...options.names];
    const created = options.created ?? this.created;
    const key = (as: 'string' | 'bytes') =>
      `${as} ${format} ${options.escaping} ${created} ${namesKey(names)}`;
    return { format, names, created, key };
  }

  private async rendered<Body, Result>(
    options: ScrapeOptions,
    as: 'string' | 'bytes',
    open: (writer: FormatWriter, writeOptions: WriteOptions) => ExpositionWriter<Body>,
    finish: (body: Body) => Result,
  ): Promise<Result> {
    const { format, names, created, key } = this.scrapeOf(options);
    const writer = writerFor(format);
    const writeOptions = { defaultLabels: this.defaultLabelSet, escaping: options.escaping, created };
    return this.state.shared(key(as), async () => {
      const families = await this.collect({ names });
      return finish(await render(families, open(writer, writeOptions)));
    });
  }

  async getSingleMetricAsString(name: string): Promise<string> {
    return this.metrics({ names: [name] });
  }

  /**
   * prom-client's JSON view, default labels applied: each metric's `get()`,
   * and each collector's families in the shape a metric of their type gives.
   */
  async getMetricsAsJSON(): Promise<MetricObjectWithValues<MetricValue<string>>[]> {
    const out: MetricObjectWithValues<MetricValue<string>>[] = [];
    // The policy's say on collectors' families, as a scrape has it.
    const govern = this.collectedFamilyGovernance();
    for (const entry of this.entries) {
      const items = entry.metric
        ? [await entry.metric.get()]
        : ((await collectOne(entry, this.state.failures, this.collectTimeout)) ?? []).flatMap((f) => {
            const kept = govern === undefined ? f : govern(f, entry);
            return kept === undefined ? [] : [metricObjectOf(kept, kept.name, 'sum')];
          });
      for (const item of items) {
        for (const v of item.values) v.labels = { ...this.defaultLabelsObject, ...v.labels };
        out.push(item);
      }
    }
    return out;
  }

  /**
   * Every sample as plain data (default labels included), named as OpenMetrics
   * names them (a counter's samples end in `_total`), as the Python client's
   * test helpers do.
   */
  async getSamples(options: { names?: Iterable<string>; created?: boolean } = {}): Promise<Sample[]> {
    const families = await this.collect({ names: options.names });
    const out: Sample[] = [];
    for (const f of families) {
      for (const s of samplesOf(f, { created: options.created })) {
        s.labels = { ...this.defaultLabelsObject, ...s.labels };
        out.push(s);
      }
    }
    return out;
  }

  /**
   * The Python client's test helper: the value of the sample with exactly this
   * name and these labels (default labels may be left out), or undefined.
   */
  async getSampleValue(
    name: string,
    labels: Record<string, string | number> = {},
  ): Promise<number | undefined> {
    const wanted = Object.entries(labels).map(([k, v]) => [k, String(v)] as const);
    const families = await this.collect();
    for (const f of families) {
      for (const s of samplesOf(f, { created: true })) {
        if (s.name !== name) continue;
        const own = Object.keys(s.labels);
        const full = { ...this.defaultLabelsObject, ...s.labels };
        const matches = (set: Record<string, string>, keys: string[]) =>
          keys.length === wanted.length && wanted.every(([k, v]) => set[k] === v);
        if (matches(s.labels, own) || matches(full, Object.keys(full))) return s.value;
      }
    }
    return undefined;
  }

  /**
   * A new registry holding every metric and collector of these registries. A
   * prom-client registry may be among them: its metrics are taken through its
   * `getMetricsAsArray()` (its custom collectors, which prom-client does not
   * expose, are not).
   */
  static merge(registers: Array<Registry<any> | ForeignRegistry>): Registry<any> {
    for (const r of registers) {
      if (r instanceof Registry || (r !== null && typeof r?.getMetricsAsArray === 'function')) continue;
      throw new MetricConfigError(
        `Registry.merge takes registries (promkit's, or prom-client's with getMetricsAsArray()), got ${describe(r)}`,
      );
    }
    const types = new Set(registers.map((r) => r.contentType));
    if (types.size > 1)
      throw new MetricConfigError('Registers can only be merged if they have the same content type');
    const merged = new Registry<any>(registers[0]?.contentType as RegistryContentType | undefined);
    for (const r of registers) {
      if (r instanceof Registry) for (const e of r.entries) merged.add({ ...e });
      else for (const metric of r.getMetricsAsArray()) merged.registerMetric(metric as ForeignMetric);
    }
    return merged;
  }
}

export type { Sample };
