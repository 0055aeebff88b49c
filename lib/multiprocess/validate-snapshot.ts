import { MULTIPROCESS_MODES } from '../core';
import { isLabelName, isMetricName, traitsOf } from '../model';
import { type FamilySnapshot, type ProcessSnapshot, SNAPSHOT_FORMAT } from './snapshot';

/** Why a snapshot from another process was refused. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

const WIRE_TOKENS = ['NaN', '+Inf', '-Inf'];

function fail(where: string, what: string): never {
  throw new SnapshotError(`${where}: ${what}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function array(where: string, value: unknown, length?: number): unknown[] {
  if (!Array.isArray(value)) fail(where, 'expected an array');
  if (length !== undefined && value.length !== length) {
    fail(where, `expected ${length} entries, got ${value.length}`);
  }
  return value;
}

function finite(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(where, `expected a finite number, got ${String(value)}`);
  return value;
}

function wireNumbers(where: string, value: unknown, length: number): void {
  for (const v of array(where, value, length)) {
    if (typeof v === 'number' ? Number.isNaN(v) : !WIRE_TOKENS.includes(v as string)) {
      fail(where, `expected numbers, got ${JSON.stringify(v)}`);
    }
  }
}

function counts(where: string, value: unknown, length: number): void {
  for (const v of array(where, value, length)) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
      fail(where, `expected counts >= 0, got ${String(v)}`);
  }
}

function strings(where: string, value: unknown, length?: number): string[] {
  const list = array(where, value, length);
  for (const v of list) if (typeof v !== 'string') fail(where, `expected strings, got ${typeof v}`);
  return list as string[];
}

function exemplar(where: string, value: unknown): void {
  if (!isObject(value) || !isObject(value.labels)) fail(where, 'expected an exemplar { labels, value }');
  for (const [k, v] of Object.entries(value.labels)) {
    if (!isLabelName(k) || typeof v !== 'string') fail(where, `bad exemplar label ${JSON.stringify(k)}`);
  }
  wireNumbers(where, [value.value], 1);
  if (value.timestamp !== undefined) finite(where, value.timestamp);
}

function sketch(where: string, value: unknown): void {
  if (!isObject(value)) fail(where, 'expected a sketch');
  const accuracy = finite(`${where}.relativeAccuracy`, value.relativeAccuracy);
  if (!(accuracy > 0 && accuracy < 1)) fail(where, 'relativeAccuracy must be between 0 and 1');
  const maxBins = finite(`${where}.maxBins`, value.maxBins);
  if (!Number.isInteger(maxBins) || maxBins < 16 || maxBins > 1 << 20) fail(where, 'maxBins out of range');
  counts(`${where}.zeroCount`, [value.zeroCount], 1);
  wireNumbers(`${where}.min`, [value.min], 1);
  wireNumbers(`${where}.max`, [value.max], 1);
  for (const side of ['positive', 'negative'] as const) {
    const pairs = array(`${where}.${side}`, value[side]);
    if (pairs.length % 2 !== 0 || pairs.length > 2 * maxBins)
      fail(`${where}.${side}`, 'expected index, count pairs');
    for (let i = 0; i < pairs.length; i += 2) {
      if (!Number.isInteger(pairs[i]) || Math.abs(pairs[i] as number) > 1e6)
        fail(`${where}.${side}`, 'bad bin index');
      counts(`${where}.${side}`, [pairs[i + 1]], 1);
    }
  }
}

/** Native bucket indexes never come near this at schema 8 for any finite double. */
const MAX_NATIVE_INDEX = 1 << 19;
const MAX_NATIVE_BUCKETS = 1 << 16;

function nativeRuns(where: string, value: unknown): void {
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const run of array(where, value)) {
    if (
      !isObject(run) ||
      !Number.isInteger(run.offset) ||
      Math.abs(run.offset as number) > MAX_NATIVE_INDEX
    ) {
      fail(where, 'expected runs { offset, counts }');
    }
    if ((run.offset as number) < end) fail(where, 'runs must ascend without overlapping');
    const length = array(where, run.counts).length;
    counts(where, run.counts, length);
    total += length;
    end = (run.offset as number) + length;
    if (total > MAX_NATIVE_BUCKETS) fail(where, 'too many native buckets');
  }
}

function native(where: string, value: unknown): void {
  if (!isObject(value)) fail(where, 'expected native buckets');
  const schema = value.schema;
  if (!Number.isInteger(schema) || (schema as number) < -4 || (schema as number) > 8)
    fail(where, 'schema must be -4..8');
  if (!(finite(where, value.zeroThreshold) >= 0)) fail(where, 'zeroThreshold must be >= 0');
  counts(where, [value.zeroCount], 1);
  nativeRuns(`${where}.positive`, value.positive);
  nativeRuns(`${where}.negative`, value.negative);
  if (value.exemplars !== undefined) for (const e of array(where, value.exemplars)) exemplar(where, e);
}

function family(where: string, f: unknown): FamilySnapshot {
  if (!isObject(f)) fail(where, 'expected a family');
  if (typeof f.name !== 'string' || !isMetricName(f.name))
    fail(where, `bad metric name ${JSON.stringify(f.name)}`);
  const at = `${where} (${f.name})`;
  if (typeof f.help !== 'string') fail(at, 'help must be a string');
  if (typeof f.type !== 'string' || traitsOf(f.type) === undefined)
    fail(at, `unknown type ${JSON.stringify(f.type)}`);
  if (f.unit !== undefined && typeof f.unit !== 'string') fail(at, 'unit must be a string');
  if (f.otlpName !== undefined && typeof f.otlpName !== 'string') fail(at, 'otlpName must be a string');
  if (
    f.otlpAttributeNames !== undefined &&
    (!isObject(f.otlpAttributeNames) ||
      Object.values(f.otlpAttributeNames).some((name) => typeof name !== 'string'))
  )
    fail(at, 'otlpAttributeNames must map label names to strings');
  if (f.mode !== undefined && !(MULTIPROCESS_MODES as readonly unknown[]).includes(f.mode))
    fail(at, 'unknown mode');
  const n = finite(`${at}.series`, f.series);
  if (!Number.isInteger(n) || n < 0) fail(at, 'series must be a whole number');
  const names = strings(`${at}.labelNames`, f.labelNames);
  if (new Set(names).size !== names.length || names.some((name) => !isLabelName(name)))
    fail(at, 'bad label names');
  if (f.runs === undefined) {
    strings(`${at}.labelValues`, f.labelValues, names.length * n);
  } else {
    // A change: label values only for the series it adds, checked against what it changes.
    const labels = strings(`${at}.labelValues`, f.labelValues);
    if (labels.length > names.length * n || (names.length > 0 && labels.length % names.length !== 0)) {
      fail(at, 'labelValues do not fit the series added');
    }
    const runs = array(`${at}.runs`, f.runs);
    let covered = 0;
    let end = 0;
    if (runs.length % 2 !== 0) fail(at, 'runs must be start, length pairs');
    for (let i = 0; i < runs.length; i += 2) {
      const start = runs[i];
      const length = runs[i + 1];
      if (
        !Number.isInteger(start) ||
        !Number.isInteger(length) ||
        (length as number) < 1 ||
        (start as number) < end
      ) {
        fail(at, 'runs must be start, length pairs, ascending');
      }
      end = (start as number) + (length as number);
      covered += length as number;
    }
    if (covered !== n) fail(at, `runs cover ${covered} series, not ${n}`);
  }
  if (f.created !== undefined) counts(`${at}.created`, f.created, n);
  switch (f.type) {
    case 'counter':
      if (f.textName !== undefined && (typeof f.textName !== 'string' || !isMetricName(f.textName)))
        fail(at, `bad text name ${JSON.stringify(f.textName)}`);
      wireNumbers(`${at}.values`, f.values, n);
      if (f.exemplars !== undefined) {
        for (const e of array(`${at}.exemplars`, f.exemplars, n)) if (e !== null) exemplar(at, e);
      }
      break;
    case 'gauge':
    case 'unknown':
      wireNumbers(`${at}.values`, f.values, n);
      counts(`${at}.changedAt`, f.changedAt, n);
      break;
    case 'histogram': {
      const bounds = array(`${at}.upperBounds`, f.upperBounds);
      for (let i = 0; i < bounds.length; i++) {
        const b = finite(`${at}.upperBounds`, bounds[i]);
        if (i > 0 && !(b > (bounds[i - 1] as number))) fail(at, 'upperBounds must increase');
      }
      counts(`${at}.buckets`, f.buckets, n * (bounds.length + 1));
      counts(`${at}.counts`, f.counts, n);
      wireNumbers(`${at}.sums`, f.sums, n);
      if (f.exemplars !== undefined) {
        for (const e of array(`${at}.exemplars`, f.exemplars)) {
          const [s, b, x] = array(`${at}.exemplars`, e, 3);
          if (!Number.isInteger(s) || !Number.isInteger(b) || (s as number) < 0 || (s as number) >= n)
            fail(at, 'bad exemplar position');
          if ((b as number) < 0 || (b as number) > bounds.length) fail(at, 'bad exemplar bucket');
          exemplar(at, x);
        }
      }
      if (f.natives !== undefined) {
        for (const h of array(`${at}.natives`, f.natives, n)) if (h !== null) native(`${at}.natives`, h);
      }
      break;
    }
    case 'summary': {
      const quantiles = array(`${at}.quantiles`, f.quantiles);
      for (const q of quantiles)
        if (!(finite(`${at}.quantiles`, q) >= 0 && (q as number) <= 1)) fail(at, 'bad quantile');
      counts(`${at}.counts`, f.counts, n);
      wireNumbers(`${at}.sums`, f.sums, n);
      for (const s of array(`${at}.sketches`, f.sketches, n)) if (s !== null) sketch(`${at}.sketches`, s);
      wireNumbers(`${at}.quantileValues`, f.quantileValues, n * quantiles.length);
      break;
    }
    case 'stateset': {
      const states = strings(`${at}.states`, f.states);
      for (const v of array(`${at}.enabled`, f.enabled, n * states.length))
        if (v !== 0 && v !== 1) fail(at, 'enabled flags must be 0 or 1');
      break;
    }
  }
  return f as unknown as FamilySnapshot;
}

/**
 * Checks everything a snapshot from another process claims before it is
 * merged, so a process that sends garbage is left out of the view instead of
 * corrupting it or failing the scrape.
 */
export function validateSnapshot(value: unknown): ProcessSnapshot {
  if (!isObject(value)) fail('snapshot', 'expected an object');
  if (value.format !== SNAPSHOT_FORMAT) fail('snapshot', `unknown format ${JSON.stringify(value.format)}`);
  if (typeof value.worker !== 'string' || value.worker === '')
    fail('snapshot', 'worker must be a non-empty string');
  for (const field of ['pid', 'startedAt', 'takenAt'] as const) finite(`snapshot.${field}`, value[field]);
  for (const field of ['seq', 'base'] as const) {
    if (value[field] !== undefined && !Number.isInteger(value[field]))
      fail('snapshot', `${field} must be a whole number`);
  }
  if (value.final !== undefined && typeof value.final !== 'boolean')
    fail('snapshot', 'final must be a boolean');
  const families = array('snapshot.families', value.families);
  families.forEach((f, i) => {
    family(`snapshot.families[${i}]`, f);
  });
  return value as unknown as ProcessSnapshot;
}
