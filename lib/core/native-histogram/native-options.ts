import { MetricConfigError } from '../validation';
import { MAX_SCHEMA, MIN_SCHEMA, octaveBound } from './bucket-bounds';

/**
 * Native histogram settings. Names follow client_golang's `NativeHistogram*`
 * options (and client_java's where Go has none); defaults follow the native
 * histogram specification, with client_java's bucket limit.
 */
export interface NativeHistogramOptions {
  /**
   * The largest growth factor allowed from one bucket to the next (default 1.1,
   * schema 3: each power of two split into 8 buckets). The schema picked is
   * the coarsest whose factor does not exceed this.
   */
  bucketFactor?: number;
  /** The resolution as a schema, -4 to 8, instead of `bucketFactor`. */
  schema?: number;
  /** Observations with an absolute value up to this go to the zero bucket (default 2^-128). */
  zeroThreshold?: number;
  /** How far the zero bucket may widen to stay within `maxBuckets` (default: `zeroThreshold`, never widened). */
  maxZeroThreshold?: number;
  /** Populated buckets per series before the resolution is lowered (default 160; 0 for no limit). */
  maxBuckets?: number;
  /**
   * Milliseconds after which a series over its bucket limit is reset instead of
   * lowering its resolution, and after which a lowered resolution is restored by
   * a reset (default 0: never reset).
   */
  minResetDuration?: number;
  /** Exemplars kept per series for the native histogram (default 10; 0 keeps none). */
  maxExemplars?: number;
}

/** Validated settings, shared by every series of a histogram. */
export interface NativeHistogramConfig {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly maxZeroThreshold: number;
  readonly maxBuckets: number;
  readonly minResetDuration: number;
  readonly maxExemplars: number;
  /** Slots one sign's dense bucket window may span before the resolution is lowered, whatever `maxBuckets`. */
  readonly maxWindow: number;
}

export const DEFAULT_BUCKET_FACTOR = 1.1;
export const DEFAULT_ZERO_THRESHOLD = 2 ** -128;
export const DEFAULT_MAX_BUCKETS = 160;
export const DEFAULT_MAX_NATIVE_EXEMPLARS = 10;
/** Bounds the memory of one series (8 bytes a slot) even with `maxBuckets: 0`. */
const MIN_WINDOW = 1024;

/**
 * The coarsest schema whose growth factor 2^(2^-schema) does not exceed
 * `factor`; schema 8 (factor ~1.0027) for anything finer.
 */
export function schemaForBucketFactor(factor: number): number {
  for (let schema = MIN_SCHEMA; schema <= MAX_SCHEMA; schema++) {
    // For positive schemas the factor is irrational; its rounded-down double is
    // below it, so `factor > bound` means factor >= the true growth factor.
    const fits = schema <= 0 ? factor >= 2 ** (2 ** -schema) : factor > octaveBound(1, schema);
    if (fits) return schema;
  }
  return MAX_SCHEMA;
}

const KNOWN = new Set([
  'bucketFactor',
  'schema',
  'zeroThreshold',
  'maxZeroThreshold',
  'maxBuckets',
  'minResetDuration',
  'maxExemplars',
]);

/** The settings that make two native histograms the same, for comparing declarations: `off` for none. */
export function describeNativeConfig(config: NativeHistogramConfig | undefined): string {
  if (config === undefined) return 'off';
  const { schema, zeroThreshold, maxZeroThreshold, maxBuckets, minResetDuration, maxExemplars } = config;
  return `{schema ${schema}, zeroThreshold ${zeroThreshold}, maxZeroThreshold ${maxZeroThreshold}, maxBuckets ${maxBuckets}, minResetDuration ${minResetDuration}, maxExemplars ${maxExemplars}}`;
}

/** Validates the `native` option of a histogram; undefined when native buckets are off. */
export function resolveNativeOptions(
  metric: string,
  native: boolean | NativeHistogramOptions | undefined,
): NativeHistogramConfig | undefined {
  if (native === undefined || native === false) return undefined;
  const options: NativeHistogramOptions = native === true ? {} : native;
  const where = `Histogram "${metric}": native`;
  if (options === null || typeof options !== 'object') {
    throw new MetricConfigError(`${where} must be true, false or an options object`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) {
      throw new MetricConfigError(`${where}: unknown option "${key}" (known: ${[...KNOWN].join(', ')})`);
    }
  }
  if (options.schema !== undefined && options.bucketFactor !== undefined) {
    throw new MetricConfigError(`${where}: give either schema or bucketFactor, not both`);
  }
  let schema: number;
  if (options.schema !== undefined) {
    schema = options.schema;
    if (!Number.isInteger(schema) || schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
      throw new MetricConfigError(
        `${where}.schema must be an integer from ${MIN_SCHEMA} to ${MAX_SCHEMA}, got ${String(schema)}`,
      );
    }
  } else {
    const factor = options.bucketFactor ?? DEFAULT_BUCKET_FACTOR;
    if (typeof factor !== 'number' || !(factor > 1) || factor === Number.POSITIVE_INFINITY) {
      throw new MetricConfigError(
        `${where}.bucketFactor must be a number greater than 1, got ${String(factor)}`,
      );
    }
    schema = schemaForBucketFactor(factor);
  }
  const zeroThreshold = nonNegative(where, 'zeroThreshold', options.zeroThreshold, DEFAULT_ZERO_THRESHOLD);
  const maxZeroThreshold = nonNegative(where, 'maxZeroThreshold', options.maxZeroThreshold, zeroThreshold);
  if (maxZeroThreshold < zeroThreshold) {
    throw new MetricConfigError(
      `${where}.maxZeroThreshold (${maxZeroThreshold}) is below zeroThreshold (${zeroThreshold})`,
    );
  }
  const maxBuckets = count(where, 'maxBuckets', options.maxBuckets, DEFAULT_MAX_BUCKETS);
  const minResetDuration = nonNegative(where, 'minResetDuration', options.minResetDuration, 0);
  const maxExemplars = count(where, 'maxExemplars', options.maxExemplars, DEFAULT_MAX_NATIVE_EXEMPLARS);
  return {
    schema,
    zeroThreshold,
    maxZeroThreshold,
    maxBuckets,
    minResetDuration,
    maxExemplars,
    maxWindow: Math.max(MIN_WINDOW, 4 * maxBuckets),
  };
}

function nonNegative(where: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new MetricConfigError(`${where}.${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

function count(where: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new MetricConfigError(`${where}.${name} must be an integer >= 0, got ${String(value)}`);
  }
  return value;
}
