import {
  anyBoolean,
  anyOf,
  anyString,
  arrayOf,
  instanceOf,
  nonEmptyString,
  numberRule,
  oneOf,
  Registry,
  recordOf,
  type ShapeFields,
  shape,
  valueRule,
} from '../../core';
import {
  isPort,
  METRICS_SERVER_OPTION_RULES,
  MODULE_REMOTE_WRITE_RULE,
  OTLP_PUSH_LOOP_FIELDS,
} from '../../export';
import type { SizeMetricOptions } from '../../http-metrics';
import type {
  DefaultMetricsOptions,
  HttpMetricsOptions,
  MetricsModuleOptions,
  MetricsModuleOtlpOptions,
} from './metrics-module-options.interface';

/**
 * What each option of `MetricsModuleOptions` accepts, checked at startup for
 * callers TypeScript cannot check (plain JavaScript, `any`-typed config).
 * `ShapeFields` makes an option added to the interface without a rule here a
 * compile error.
 */

const number = numberRule();
const bucketList = arrayOf(number);
const labelValues = recordOf(anyOf(anyString, number));

const defaultMetricsFields: ShapeFields<DefaultMetricsOptions> = {
  prefix: anyString,
  labels: labelValues,
  gcDurationBuckets: bucketList,
  eventLoopMonitoringPrecision: numberRule({ min: 1, integer: true }),
};

const sizeMetricFields: ShapeFields<SizeMetricOptions> = { name: nonEmptyString, buckets: bucketList };
const sizeMetric = anyOf(anyBoolean, shape(sizeMetricFields));

const httpMetricsFields: ShapeFields<HttpMetricsOptions> = {
  durationName: nonEmptyString,
  inFlightName: nonEmptyString,
  buckets: bucketList,
  // The fields of native options are checked by the histogram itself, when the app starts.
  native: anyOf(anyBoolean, valueRule('an object of native histogram options', isObject)),
  excludePaths: arrayOf(anyOf(anyString, instanceOf(RegExp, 'a RegExp'))),
  unmatchedRoute: nonEmptyString,
  exemplars: oneOf('trace', 'none'),
  requestSize: sizeMetric,
  responseSize: sizeMetric,
  conventions: oneOf('prometheus', 'opentelemetry'),
  translationStrategy: oneOf('UnderscoreEscapingWithSuffixes', 'NoUTF8EscapingWithSuffixes'),
};

// startOtlpPush's own rules, but the registry: the module pushes what it serves.
const { registry: _pushedRegistry, ...otlpFields } = OTLP_PUSH_LOOP_FIELDS;
const otlp = shape<MetricsModuleOtlpOptions>(otlpFields, {
  refine: (value, path) =>
    ['url', 'intervalSeconds']
      .map((key) => (value[key] === undefined ? `${path}.${key} is required` : undefined))
      .find(Boolean),
});

export const METRICS_MODULE_OPTION_RULES: ShapeFields<MetricsModuleOptions> = {
  registry: instanceOf(Registry, 'a Registry'),
  // An instance (a MultiprocessDirectory) holding its view as `aggregated` is taken too: no keys of its own are checked.
  aggregated: valueRule(
    'an AggregatorRegistry, WorkerRegistry, MultiprocessDirectory or a Registry (or an object whose aggregated is one)',
    (v) =>
      v instanceof Registry ||
      (isObject(v) && (v as { aggregated?: unknown }).aggregated instanceof Registry),
  ),
  defaultMetrics: anyOf(anyBoolean, shape(defaultMetricsFields)),
  defaultLabels: labelValues,
  prefix: anyString,
  // The standalone server's own rules: an option it takes is taken here too, checked alike.
  ...METRICS_SERVER_OPTION_RULES,
  // A decimal string too, as configuration read from the environment gives it; a name would be taken for a socket file.
  port: valueRule(
    'an integer from 0 to 65535 (a number, or its decimal string)',
    (v) => (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) && isPort(Number(v)),
  ),
  httpMetrics: anyOf(anyBoolean, shape(httpMetricsFields)),
  remoteWrite: MODULE_REMOTE_WRITE_RULE,
  otlp,
  // Its rules are checked as a whole by registry.setPolicy, which names the rule at fault.
  policy: valueRule('a metric policy object', isObject),
};

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
