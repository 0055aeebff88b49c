import { Counter, Histogram, type MetricPolicy, Registry } from '../lib';
import { type Check, formatNs, measureSideBySide, type Row } from './harness';

/** A denied metric's call against an empty function: what the policy promises it costs at most. */
const DENIED_TARGET_NS = 2;
/** Calls on existing series under a 20-rule policy against the same calls without one. */
const TWENTY_RULES_TARGET = 1.1;
/**
 * Calls whose label value the policy rewrites (`200` to `2xx`), seen before,
 * against the raw value without a policy: the stored trie misses, then the
 * remembered raw values are walked, so about two lookups' cost (running the
 * rules on each call cost 25×).
 */
const REWRITTEN_TARGET = 2.5;

export const POLICY_BENCH_COLUMNS = ['measured', 'baseline', 'difference', 'target'];

const ITERATIONS = 2_000_000;
const ns = (value: number) => formatNs(value);
const times = (value: number) => `${value.toFixed(2)}×`;

/** Twenty rules of every kind, none of them about the measured metric's label values. */
function twentyRules(): MetricPolicy {
  const others = Array.from({ length: 4 }, (_, i) => `other_${i}_total`);
  return {
    deny: [...others, 'debug_*'],
    rename: Object.fromEntries(others.map((n) => [n, `renamed_${n}`])),
    labels: [
      { metric: 'jobs_total', label: 'queue', maxValues: 1000 },
      ...others.map((metric) => ({
        metric,
        label: 'status_code',
        replace: ['^(\\d)\\d\\d$', '$1xx'] as const,
      })),
    ],
    distributions: [
      ...others.map((metric) => ({ metric, buckets: [1, 2] })),
      { metric: 'latency_*', slo: [0.3] },
      { metric: 'latency_*', native: true },
    ],
  };
}

/** `call` makes the denied call; `baseline` makes the same call, arguments included, to an empty function. */
function deniedRow(operation: string, call: () => void, baseline: () => void): Row {
  const result = measureSideBySide(
    {
      denied: (n) => {
        for (let i = 0; i < n; i++) call();
      },
      empty: (n) => {
        for (let i = 0; i < n; i++) baseline();
      },
    },
    ITERATIONS,
  );
  const difference = result.difference('denied', 'empty');
  const check: Check = {
    name: `policy: ${operation}, over an empty function`,
    actual: difference,
    target: DENIED_TARGET_NS,
    format: ns,
  };
  return {
    operation,
    cells: {
      measured: ns(result.nsPerOp.denied),
      baseline: `${ns(result.nsPerOp.empty)} (empty function)`,
      difference: ns(difference),
      target: `<= ${ns(DENIED_TARGET_NS)}`,
    },
    checks: [check],
  };
}

/**
 * The same labelled `inc` on a counter under `policy` and on one without a
 * policy, every label set already seen, against a target ratio.
 */
function againstNoPolicy(
  operation: string,
  policy: MetricPolicy,
  labels: readonly Record<string, string>[],
  target: number,
): Row {
  const labelNames = Object.keys(labels[0]);
  const declare = (registry: Registry<any>) => {
    const c = new Counter({ name: 'jobs_total', help: 'J', labelNames, registers: [registry] });
    for (const set of labels) c.inc(set);
    return c;
  };
  const governed = declare(new Registry(undefined, { policy }));
  const plain = declare(new Registry());
  const count = labels.length;
  const loop = (c: Counter<string>) => (n: number) => {
    for (let i = 0; i < n; i++) c.inc(labels[i % count]);
  };
  const result = measureSideBySide({ governed: loop(governed), plain: loop(plain) }, ITERATIONS);
  const ratio = result.ratio('governed', 'plain');
  return {
    operation,
    cells: {
      measured: ns(result.nsPerOp.governed),
      baseline: `${ns(result.nsPerOp.plain)} (no policy)`,
      difference: times(ratio),
      target: `<= ${times(target)}`,
    },
    checks: [{ name: `policy: ${operation} / without a policy`, actual: ratio, target, format: times }],
  };
}

function existingSeriesRow(): Row {
  const labels = Array.from({ length: 10 }, (_, q) => ({ queue: `q${q}` }));
  return againstNoPolicy(
    'labelled inc on existing series, 20-rule policy',
    twentyRules(),
    labels,
    TWENTY_RULES_TARGET,
  );
}

/** Status codes the policy collapses to their class: each call's raw value was seen before. */
function rewrittenValueRow(): Row {
  const labels = ['200', '201', '204', '301', '404', '500'].map((status_code) => ({
    method: 'GET',
    status_code,
  }));
  const policy: MetricPolicy = {
    labels: [{ metric: 'jobs_total', label: 'status_code', replace: ['^(\\d)\\d\\d$', '$1xx'] }],
  };
  return againstNoPolicy('labelled inc with a rewritten label value', policy, labels, REWRITTEN_TARGET);
}

/** A denied metric's calls, and calls on existing series under a policy of 20 rules. */
export function runPolicyBench(): Row[] {
  const registry = new Registry(undefined, { policy: { deny: ['debug_*'] } });
  const counter = new Counter({ name: 'debug_total', help: 'D', registers: [registry] });
  const histogram = new Histogram({
    name: 'debug_seconds',
    help: 'D',
    labelNames: ['l'],
    registers: [registry],
  });
  const empty = (..._args: unknown[]) => {};
  return [
    deniedRow(
      'denied counter inc()',
      () => counter.inc(),
      () => empty(),
    ),
    deniedRow(
      'denied histogram observe(labels, value)',
      () => histogram.observe({ l: 'a' }, 1),
      () => empty({ l: 'a' }, 1),
    ),
    existingSeriesRow(),
    rewrittenValueRow(),
  ];
}
