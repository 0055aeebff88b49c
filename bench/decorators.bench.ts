import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { measureDecorators } from './decorator-calls';
import { formatNs, type Row } from './harness';
import type { WithoutOtelFigures } from './observed-without-otel';

/**
 * What `@Timed` adds to a call: the same method timed bare and decorated
 * (histogram, no labels, own registry), reported as ns per call added.
 * Targets: two clock reads (measured in the same run) + 50 ns sync, + 150 ns async.
 * Bare, decorated and the clock pair run in turns, in CPU time, and what is
 * added is the median of the per-round differences, so a machine busy with
 * other work charges them alike.
 */

/**
 * What `@Observed` may add over `@Timed` here, where `@opentelemetry/api` is
 * installed but no tracer provider is registered: its own wrapper and the
 * API's no-op span and context switch.
 */
const OBSERVED_SLACK_NS = { sync: 450, async: 700 };
/** Where `@opentelemetry/api` is not installed, a call of an `@Observed` method against one of a `@Timed` method. */
const WITHOUT_API_TARGET = 1.1;

const times = (ratio: number) => `${ratio.toFixed(2)}×`;

/**
 * `@Observed` and `@Timed` measured in a child process where
 * `@opentelemetry/api` cannot be resolved, as in an app that does not install it.
 */
function measureWithoutApi(): WithoutOtelFigures {
  const child = spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      join(__dirname, '..', 'test', 'support', 'hide-module.ts'),
      join(__dirname, 'observed-without-otel.ts'),
    ],
    {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, HIDE_MODULES: '@opentelemetry/api' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error(`@Observed bench without the API failed (exit ${child.status})`);
  const figures = JSON.parse(child.stdout) as WithoutOtelFigures;
  if (!figures.apiHidden) throw new Error('@Observed bench without the API: the API was not hidden');
  return figures;
}

function withoutApiRow(operation: string, figures: WithoutOtelFigures['sync']): Row {
  const { nsPerOp, ratio } = figures;
  return {
    operation,
    cells: {
      bare: formatNs(nsPerOp.bare),
      '@Timed': formatNs(nsPerOp.timed),
      '@Observed': formatNs(nsPerOp.observed),
      'vs @Timed': times(ratio),
      target: `<= ${times(WITHOUT_API_TARGET)} @Timed`,
    },
    checks: [{ name: `${operation}: / @Timed`, actual: ratio, target: WITHOUT_API_TARGET, format: times }],
  };
}

export async function runDecoratorBench(): Promise<Row[]> {
  const { sync, asyncs } = await measureDecorators();
  const withoutApi = measureWithoutApi();
  const clockPair = sync.nsPerOp.clockPair;
  const row = (operation: string, measured: typeof sync, target: number): Row => {
    const added = measured.difference('timed', 'bare');
    return {
      operation,
      cells: {
        bare: formatNs(measured.nsPerOp.bare),
        '@Timed': formatNs(measured.nsPerOp.timed),
        added: formatNs(added),
        target: `<= ${formatNs(target)}`,
      },
      checks: [{ name: `${operation}: added`, actual: added, target, format: formatNs }],
    };
  };
  /** `@Observed` beside `@Timed`: with no tracer provider registered it may add little more than `@Timed`. */
  const observedRow = (operation: string, measured: typeof sync, slack: number): Row => {
    const added = measured.difference('observed', 'bare');
    const target = measured.difference('timed', 'bare') + slack;
    return {
      operation,
      cells: {
        bare: formatNs(measured.nsPerOp.bare),
        '@Timed': formatNs(measured.nsPerOp.timed),
        '@Observed': formatNs(measured.nsPerOp.observed),
        added: formatNs(added),
        'vs @Timed': times(measured.ratio('observed', 'timed')),
        target: `<= @Timed + ${formatNs(slack)}`,
      },
      checks: [{ name: `${operation}: added`, actual: added, target, format: formatNs }],
    };
  };
  return [
    row('@Timed on a sync method', sync, clockPair + 50),
    observedRow('@Observed on a sync method (API, no tracer provider)', sync, OBSERVED_SLACK_NS.sync),
    row('@Timed on an async method', asyncs, clockPair + 150),
    observedRow('@Observed on an async method (API, no tracer provider)', asyncs, OBSERVED_SLACK_NS.async),
    withoutApiRow('@Observed on a sync method (API not installed)', withoutApi.sync),
    withoutApiRow('@Observed on an async method (API not installed)', withoutApi.asyncs),
    {
      operation: 'of which: two performance.now() reads',
      cells: { added: formatNs(clockPair) },
    },
  ];
}

export const DECORATOR_BENCH_COLUMNS = ['bare', '@Timed', '@Observed', 'added', 'vs @Timed', 'target'];

if (require.main === module) {
  runDecoratorBench().then((rows) => {
    for (const { operation, cells } of rows) console.log(operation, cells);
  });
}
