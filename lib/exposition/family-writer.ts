import {
  bucketName,
  type CounterFamily,
  type Exemplar,
  familyNameOf,
  type GaugeFamily,
  type HistogramFamily,
  type InfoFamily,
  infoName,
  isLegacyLabelName,
  isLegacyMetricName,
  type LabelSet,
  type MetricFamily,
  quoteName,
  type StateSetFamily,
  type SummaryFamily,
  type UnknownFamily,
} from '../model';
import type { ExpositionWriter, FormatWriter } from './exposition-writer';
import { type SampleTail, writeKeptLabelLines } from './kept-label-lines';
import {
  bracedLabelSetText,
  type DefaultLabels,
  defaultsWithout,
  escapedStates,
  resolveDefaultLabels,
  seriesLabelText,
  seriesLabelTextThenDefaults,
} from './label-text';
import { legacyLabelNames, NameRendering } from './name-rendering';
import { labelBytesOf, type SeriesLabelBytes } from './series-label-bytes';
import { type Utf8Appender, Utf8Bytes, Utf8Text } from './utf8-text';
import type { WriteOptions } from './write-options';

/**
 * What distinguishes one text-based exposition format from another. Everything
 * else (walking families and series, label text, cumulative buckets) is shared.
 */
export interface Dialect extends SampleTail {
  /** Written between two families (text 0.0.4 leaves a blank line, as prom-client does). */
  readonly familySeparator: string;
  /** HELP/TYPE (and UNIT) lines. */
  header(name: string, type: string, help: string, unit: string | undefined): string;
  /** A sample value. */
  number(v: number): string;
  /**
   * The name a counter's samples (and, in text 0.0.4, its HELP/TYPE lines) are
   * written under: OpenMetrics always `<family>_total`, text 0.0.4 the family's
   * `textName` when it has one.
   */
  counterSample(family: string, textName: string | undefined): string;
  /** The TYPE name of a family type. */
  typeName(type: MetricFamily['type']): string;
  /**
   * Which name counter and info headers use: text 0.0.4 names the family after
   * its sample (`foo_total`), OpenMetrics after the family (`foo`).
   */
  headerName(family: string, sample: string): string;
  /** `le` bounds per bounds array (+Inf last), cached: bounds are shared by every series. */
  bounds(upperBounds: readonly number[]): readonly string[];
  quantile(q: number): string;
  timestamp(ms: number | undefined): string;
  exemplar(exemplar: Exemplar | undefined): string;
  /**
   * Whether sums and quantile values may be negative (and a sum NaN). OpenMetrics
   * treats them as counters and rejects the whole exposition otherwise, so there
   * such samples are left out; Prometheus text 0.0.4 writes every value.
   */
  readonly signedAggregates: boolean;
  /** A histogram's or summary's `_count`/`_sum` (and `_created`) lines, in the format's order. */
  aggregates(name: string, plain: string, point: Aggregates, ts: string, withSum: boolean): string;
  /** A counter's `_created` line, or ''. */
  created(name: string, plain: string, created: number | undefined, ts: string): string;
  /** Whether `created` writes lines: a counter's series is then two lines. */
  readonly writesCreated: boolean;
}

export interface Aggregates {
  readonly count: number;
  readonly sum: number;
  readonly created?: number;
}

/** One `name{labels} value timestamp` line; `plain` is the braced label text or ''. */
export function sampleLine(value: string, name: string, plain: string, ts: string): string {
  return name + plain + ' ' + value + ts + '\n';
}

/** A bounds formatter that formats each (long-lived) bounds array once. */
export function cachedBounds(
  format: (v: number) => string,
): (bounds: readonly number[]) => readonly string[] {
  const cache = new WeakMap<readonly number[], readonly string[]>();
  return (bounds) => {
    let les = cache.get(bounds);
    if (les === undefined) {
      les = bounds.map(format).concat('+Inf');
      cache.set(bounds, les);
    }
    return les;
  };
}

/**
 * What one write needs besides the families: default labels, how names are
 * rendered, and the label bytes kept for each family written so far.
 */
interface WriteContext {
  readonly names: NameRendering;
  readonly defaults: DefaultLabels | undefined;
  readonly kept: Map<MetricFamily, SeriesLabelBytes | undefined>;
}

function writeContext(options: WriteOptions | undefined): WriteContext {
  const names = new NameRendering(options?.escaping ?? 'underscores');
  return { names, defaults: resolveDefaultLabels(names.labelSet(options?.defaultLabels)), kept: new Map() };
}

/**
 * The label bytes kept for a family whose series are one line each, decided
 * when its first piece is written, without reading its series: families with
 * a name to render (escaped or quoted) are views built at each scrape, and
 * `_created` makes a counter two lines, so those are written as text; so is
 * the rest of a family from a series whose label names need escaping.
 */
function keptLabelsOf(
  d: Dialect,
  family: MetricFamily,
  from: number,
  context: WriteContext,
): SeriesLabelBytes | undefined {
  if (from > 0) return context.kept.get(family);
  let labels: SeriesLabelBytes | undefined;
  const oneLine =
    family.type === 'gauge' ||
    family.type === 'unknown' ||
    (family.type === 'counter' &&
      !d.writesCreated &&
      (family.textName === undefined || isLegacyMetricName(family.textName)));
  if (oneLine && isLegacyMetricName(family.name)) {
    const defaults = context.defaults;
    labels = labelBytesOf(
      family.points,
      defaults?.text ?? '',
      (p) => bracedLabels(BARE, p, defaults),
      (p) => legacyLabelNames(p.labelNames),
    );
  }
  context.kept.set(family, labels);
  return labels;
}

/**
 * The header (first piece only) and lines of a counter, gauge or untyped
 * family, from kept label bytes; false, having written nothing, when a series
 * of the piece cannot be kept.
 */
function writeKeptFamily(
  out: Utf8Appender<unknown>,
  d: Dialect,
  family: CounterFamily | GaugeFamily | UnknownFamily,
  from: number,
  to: number,
  labels: SeriesLabelBytes,
): boolean {
  if (!labels.refresh(family.points, from, to)) return false;
  let header: string;
  let sample: string;
  if (family.type === 'counter') {
    const bare = familyNameOf('counter', family.name);
    sample = d.counterSample(bare, family.textName);
    header = d.headerName(bare, sample);
  } else {
    sample = family.name;
    header = family.name;
  }
  if (from === 0) out.append(d.header(header, d.typeName(family.type), family.help, family.unit));
  writeKeptLabelLines(out, d, sample, family.points, from, to, labels);
  return true;
}

/**
 * Points `from` to `to` (exclusive) of one family; the piece that starts at 0
 * carries the family's header. Lets a renderer split a large family and yield
 * to the event loop between the pieces.
 */
function writeFamilyRange(
  d: Dialect,
  written: MetricFamily,
  from: number,
  to: number,
  context: WriteContext,
): string {
  const family = context.names.piece(written, from, to);
  const s = context.names.quotesName(family) ? QUOTED : BARE;
  const defaults = context.defaults;
  const withHeader = from === 0;
  // A view of the piece holds only its points.
  const at = family.points === written.points ? from : 0;
  const end = at + (to - from);
  switch (family.type) {
    case 'counter':
      return counter(d, s, family, at, end, withHeader, defaults);
    case 'gauge':
    case 'unknown':
      return gaugeLike(d, s, family, at, end, withHeader, defaults);
    case 'histogram':
      return histogram(d, s, family, at, end, withHeader, defaults);
    case 'summary':
      return summary(d, s, family, at, end, withHeader, defaults);
    case 'info':
      return info(d, s, family, at, end, withHeader, defaults);
    case 'stateset':
      return stateSet(d, s, family, at, end, withHeader, defaults);
    default:
      // A type this writer does not know is skipped: one odd collector must not break the scrape.
      assertNever(family);
      return '';
  }
}

function assertNever(_family: never): void {}

/**
 * How a family's metric name sits in its lines. A legacy name comes first,
 * `name{labels}`; a UTF-8 name (text 1.0.0 and OpenMetrics with `allow-utf-8`)
 * is quoted inside the braces, `{"name",labels}`. `sample` starts a sample
 * line, the writer appends a suffix (`_total`, `_bucket`), and `braces` or
 * `open` continue it.
 */
interface NameSyntax {
  sample(name: string): string;
  /** The rest of a sample's name and its labels: `{labels}` or nothing. */
  braces(labelText: string): string;
  /** Like `braces`, open for one more label to be appended. */
  open(labelText: string): string;
  /** The name in HELP, TYPE and UNIT lines. */
  header(name: string): string;
  /** The family name as the label that carries a state set's states. */
  label(name: string): string;
}

const BARE: NameSyntax = {
  sample: (name) => name,
  braces: (labelText) => (labelText === '' ? '' : '{' + labelText + '}'),
  open: (labelText) => (labelText === '' ? '{' : '{' + labelText + ','),
  header: (name) => name,
  label: (name) => name,
};

const QUOTED: NameSyntax = {
  // The closing quote comes with the labels, after the writer's suffix.
  sample: (name) => '{' + quoteName(name).slice(0, -1),
  braces: (labelText) => (labelText === '' ? '"}' : '",' + labelText + '}'),
  open: (labelText) => (labelText === '' ? '",' : '",' + labelText + ','),
  header: quoteName,
  label: (name) => (isLegacyLabelName(name) ? name : quoteName(name)),
};

/**
 * A series' braced labels followed by the default labels it does not
 * override; the common case (legacy names, no default labels) in one pass.
 */
function bracedLabels(s: NameSyntax, labels: LabelSet, defaults: DefaultLabels | undefined): string {
  if (s === BARE && defaults === undefined) return bracedLabelSetText(labels);
  return s.braces(seriesLabelTextThenDefaults(labels, defaults));
}

/** The rest of a label block that starts with a label of the writer's (`le`, `quantile`): `,labels}` or `}`. */
function afterFirstLabel(labelText: string): string {
  return labelText === '' ? '}' : ',' + labelText + '}';
}

function counter(
  d: Dialect,
  s: NameSyntax,
  family: CounterFamily,
  from: number,
  to: number,
  withHeader: boolean,
  defaults: DefaultLabels | undefined,
): string {
  // The model names counters without `_total`; tolerate collectors that include it.
  const bare = familyNameOf('counter', family.name);
  const sampleName = d.counterSample(bare, family.textName);
  const header = s.header(d.headerName(bare, sampleName));
  let out = withHeader ? d.header(header, d.typeName('counter'), family.help, family.unit) : '';
  const name = s.sample(bare);
  const sample = s.sample(sampleName);
  const points = family.points;
  for (let i = from; i < to; i++) {
    const p = points[i];
    const plain = bracedLabels(s, p, defaults);
    const ts = d.timestamp(p.timestamp);
    // The tail first: short, it is copied flat rather than added as concatenation nodes.
    out += sample + plain + (' ' + d.number(p.value) + ts + d.exemplar(p.exemplar) + '\n');
    out += d.created(name, plain, p.created, ts);
  }
  return out;
}

function gaugeLike(
  d: Dialect,
  s: NameSyntax,
  family: GaugeFamily | UnknownFamily,
  from: number,
  to: number,
  withHeader: boolean,
  defaults: DefaultLabels | undefined,
): string {
  let out = withHeader
    ? d.header(s.header(family.name), d.typeName(family.type), family.help, family.unit)
    : '';
  const name = s.sample(family.name);
  const points = family.points;
  for (let i = from; i < to; i++) {
    const p = points[i];
    out += name + bracedLabels(s, p, defaults) + (' ' + d.number(p.value) + d.timestamp(p.timestamp) + '\n');
  }
  return out;
}

/**
 * Buckets are written with `le` first, then the default labels, then the
 * series' own labels; `_sum` and `_count` with the default labels first. That
 * is where prom-client puts them.
 */
function histogram(
  d: Dialect,
  s: NameSyntax,
  family: HistogramFamily,
  from: number,
  to: number,
  withHeader: boolean,
  defaults: DefaultLabels | undefined,
): string {
  let out = withHeader
    ? d.header(s.header(family.name), d.typeName('histogram'), family.help, family.unit)
    : '';
  const name = s.sample(family.name);
  const bucketOpen = bucketName(name) + s.open('') + 'le="';
  const points = family.points;
  for (let i = from; i < to; i++) {
    const p = points[i];
    const labelText = seriesLabelText(p, defaults);
    const ts = d.timestamp(p.timestamp);
    const bucketClose = '"' + afterFirstLabel(labelText) + ' ';
    const les = d.bounds(p.upperBounds);
    const counts = p.bucketCounts;
    const exemplars = p.exemplars;
    let cumulative = 0;
    for (let b = 0; b < les.length; b++) {
      cumulative += counts[b] ?? 0;
      out += bucketOpen + les[b] + bucketClose + d.number(cumulative) + ts;
      out += (exemplars === undefined ? '' : d.exemplar(exemplars[b])) + '\n';
    }
    const plain = s.braces(labelText);
    // OpenMetrics: no sum with negative bucket bounds, and parsers then refuse a lone
    // _count; the +Inf bucket still carries the count.
    const countable = d.signedAggregates || (!(p.upperBounds[0] < 0) && p.sum >= 0);
    out += countable ? d.aggregates(name, plain, p, ts, true) : d.created(name, plain, p.created, ts);
  }
  return out;
}

function summary(
  d: Dialect,
  s: NameSyntax,
  family: SummaryFamily,
  from: number,
  to: number,
  withHeader: boolean,
  defaults: DefaultLabels | undefined,
): string {
  let out = withHeader
    ? d.header(s.header(family.name), d.typeName('summary'), family.help, family.unit)
    : '';
  const name = s.sample(family.name);
  const quantileOpen = name + s.open('') + 'quantile="';
  const points = family.points;
  for (let i = from; i < to; i++) {
    const p = points[i];
    // `quantile` first, then the series' own labels, then the default labels, as prom-client writes them.
    const labelText = seriesLabelTextThenDefaults(p, defaults);
    const ts = d.timestamp(p.timestamp);
    const quantileClose = '"' + afterFirstLabel(labelText) + ' ';
    const quantiles = p.quantiles;
    for (let q = 0; q < quantiles.length; q++) {
      const { quantile, value } = quantiles[q];
      if (value < 0 && !d.signedAggregates) continue;
      out += quantileOpen + d.quantile(quantile) + quantileClose + d.number(value) + ts + '\n';
    }
    out += d.aggregates(name, s.braces(labelText), p, ts, d.signedAggregates || p.sum >= 0);
  }
  return out;
}

function info(
  d: Dialect,
  s: NameSyntax,
  family: InfoFamily,
  from: number,
  to: number,
  withHeader: boolean,
  defaults: DefaultLabels | undefined,
): string {
  const bare = familyNameOf('info', family.name);
  const header = s.header(d.headerName(bare, infoName(bare)));
  // Info and StateSet families take no unit.
  let out = withHeader ? d.header(header, d.typeName('info'), family.help, undefined) : '';
  const sample = infoName(s.sample(bare));
  const points = family.points;
  for (let i = from; i < to; i++) {
    const p = points[i];
    out += sample + bracedLabels(s, p, defaults) + ' 1' + d.timestamp(p.timestamp) + '\n';
  }
  return out;
}

function stateSet(
  d: Dialect,
  s: NameSyntax,
  family: StateSetFamily,
  from: number,
  to: number,
  withHeader: boolean,
  defaults: DefaultLabels | undefined,
): string {
  let out = withHeader ? d.header(s.header(family.name), d.typeName('stateset'), family.help, undefined) : '';
  const name = s.sample(family.name);
  const stateLabelName = s.label(family.name);
  const stateLabel = stateLabelName + '="';
  // A default label of the state label's name would be one label twice, which parsers reject.
  const own = defaults?.names.has(stateLabelName) ? defaultsWithout(defaults, stateLabelName) : defaults;
  const points = family.points;
  for (let i = from; i < to; i++) {
    const p = points[i];
    const stateOpen = name + s.open(seriesLabelTextThenDefaults(p, own)) + stateLabel;
    const ts = d.timestamp(p.timestamp);
    const states = escapedStates(p.states);
    for (let s = 0; s < states.length; s++) {
      out += stateOpen + states[s] + (p.enabled[s] ? '"} 1' : '"} 0') + ts + '\n';
    }
  }
  return out;
}

/**
 * A format writer for a text dialect: chunks of series are appended to one
 * UTF-8 buffer, then `trailer`, and come out as a string (`open`) or as the
 * bytes themselves (`openBytes`). Scrapes that ask for `_created` samples get
 * `withCreated`.
 */
export function dialectFormatWriter(
  dialect: Dialect,
  contentType: string,
  trailer = '',
  withCreated: Dialect = dialect,
): FormatWriter<string> {
  const open = <Body>(options: WriteOptions | undefined, out: Utf8Appender<Body>): ExpositionWriter<Body> => {
    const d = options?.created ? withCreated : dialect;
    const context = writeContext(options);
    let families = 0;
    return {
      write(family, from, to) {
        if (from === 0 && families++ > 0) out.append(d.familySeparator);
        const labels = keptLabelsOf(d, family, from, context);
        if (labels !== undefined) {
          const kept = family as CounterFamily | GaugeFamily | UnknownFamily;
          if (writeKeptFamily(out, d, kept, from, to, labels)) return;
          context.kept.set(family, undefined);
        }
        // A family without series still gets its header: one (empty) chunk at least.
        let at = from;
        do {
          const end = Math.min(to, at + SERIES_PER_CHUNK);
          out.append(writeFamilyRange(d, family, at, end, context));
          at = end;
        } while (at < to);
      },
      end() {
        for (const labels of context.kept.values()) labels?.trim();
        out.append(trailer);
        return out.finish();
      },
    };
  };
  return {
    contentType,
    open: (options) => open(options, new Utf8Text()),
    openBytes: (options) => open(options, new Utf8Bytes(options?.sizeHint)),
  };
}

/**
 * Series written as one string before it is appended: each append costs a
 * call into the runtime, and a chunk of histogram series with many buckets
 * stays a few kilobytes.
 */
const SERIES_PER_CHUNK = 16;
