import { collectAndLint } from './assertions';
import { type CompareOptions, diffMetrics } from './compare-metrics';
import { expositionOf, type MetricsSource } from './metrics-source';
import { type ParsedSample, parseExposition } from './parse-exposition';

/**
 * Jest matchers (`promkit/testing/jest`). Importing this module adds them to
 * Jest's global `expect`; other runners with a compatible `expect.extend`
 * (Vitest) can pass `promkitMatchers` to it. All are asynchronous:
 *
 *     await expect(registry).toHaveSample('jobs_total', { queue: 'mail' }, 3);
 *     await expect(registry).toMatchMetrics(expectedText, { ignoreHelp: true });
 *     await expect(registry).toPassMetricsLint();
 */

interface MatcherResult {
  pass: boolean;
  message(): string;
}

/** What the matchers use of Jest's `this`; absent members are done without. */
interface MatcherContext {
  isNot?: boolean;
  equals?(a: unknown, b: unknown): boolean;
  utils?: { printReceived(v: unknown): string; printExpected(v: unknown): string };
}

type LabelFilter = Readonly<Record<string, string | number>>;

function sampleText(sample: ParsedSample): string {
  const labels = Object.entries(sample.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${sample.name}{${labels.join(',')}} ${sample.value}`;
}

async function toHaveSample(
  this: MatcherContext,
  received: MetricsSource,
  name: string,
  labels: LabelFilter = {},
  value?: number,
): Promise<MatcherResult> {
  const samples = parseExposition(await expositionOf(received)).flatMap((f) => f.samples);
  const named = samples.filter((s) => s.name === name);
  const matching = named.filter((s) =>
    Object.entries(labels).every(([label, v]) => s.labels[label] === String(v)),
  );
  const wanted = `${name}${JSON.stringify(labels)}${value === undefined ? '' : ` = ${value}`}`;
  const candidates = (named.length ? named : samples).map(sampleText).join('\n  ') || '(no samples)';
  if (matching.length !== 1) {
    return {
      pass: false,
      message: () =>
        `expected one sample ${wanted}, found ${matching.length}${matching.length > 1 ? ' (give more labels)' : ''}; samples:\n  ${candidates}`,
    };
  }
  const actual = matching[0].value;
  const equal = (a: unknown, b: unknown) => (this.equals ? this.equals(a, b) : Object.is(a, b));
  const pass = value === undefined || equal(actual, value);
  return {
    pass,
    message: () =>
      pass
        ? `expected no sample ${wanted}, but found ${sampleText(matching[0])}`
        : `expected sample ${wanted}, but its value is ${actual}`,
  };
}

async function toMatchMetrics(
  this: MatcherContext,
  received: MetricsSource,
  expected: string,
  options: CompareOptions = {},
): Promise<MatcherResult> {
  const diff = diffMetrics(await expositionOf(received), expected, options);
  return {
    pass: diff === undefined,
    message: () => diff ?? 'expected the metrics to differ from the expected text, but they agree',
  };
}

async function toPassMetricsLint(this: MatcherContext, received: MetricsSource): Promise<MatcherResult> {
  const problems = await collectAndLint(received);
  return {
    pass: problems.length === 0,
    message: () =>
      problems.length === 0
        ? 'expected lint problems, found none'
        : `expected no lint problems, found:\n${problems.map((p) => `  ${p.metric} ${p.text}`).join('\n')}`,
  };
}

/** The Jest matchers `toHaveSample`, `toMatchMetrics` and `toPassMetricsLint`, for `expect.extend` of another runner. */
export const promkitMatchers = { toHaveSample, toMatchMetrics, toPassMetricsLint };

declare global {
  namespace jest {
    interface Matchers<R> {
      /** One sample with this name and (some of) these labels, with this value when given. */
      toHaveSample(
        name: string,
        labels?: Readonly<Record<string, string | number>>,
        value?: number,
      ): Promise<R>;
      /** The same metrics as this exposition text, order aside (see `collectAndCompare`). */
      toMatchMetrics(expected: string, options?: CompareOptions): Promise<R>;
      /** No findings from `collectAndLint`. */
      toPassMetricsLint(): Promise<R>;
    }
  }
}

const jestExpect = (globalThis as { expect?: { extend?: (matchers: object) => void } }).expect;
if (typeof jestExpect?.extend === 'function') jestExpect.extend(promkitMatchers);
