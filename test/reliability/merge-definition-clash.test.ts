import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Gauge, Registry } from 'promkit';
import { AggregatedCollector, MultiprocessDirectory, SnapshotTaker } from 'promkit/multiprocess';
import { MESSAGE_TAG } from '../../lib/multiprocess/hub/protocol';
import { primaryHub } from '../multiprocess/support/primary-hub';
import { Processes } from '../multiprocess/support/processes';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';

/**
 * Two processes may define metrics whose samples would share a name: a
 * counter `jobs` (which exposes `jobs_total`) and a gauge `jobs_total`, or a
 * counter and a gauge both named `x`. Written together they make an invalid
 * exposition, and Prometheus silently keeps only one. The merged view keeps
 * the first definition, leaves the other out, counts it and warns once,
 * naming both processes.
 */
type Define = (registry: Registry) => void;

const counterJobs: Define = (registry) => {
  new Counter({ name: 'jobs', help: 'Jobs run.', registers: [registry] }).inc(3);
};
const gaugeJobsTotal: Define = (registry) => {
  // A mode that keeps exited processes, so the clash also happens with the archive.
  new Gauge({ name: 'jobs_total', help: 'Jobs queued.', multiprocessMode: 'sum', registers: [registry] }).set(
    7,
  );
};
const counterX: Define = (registry) => {
  new Counter({ name: 'x', help: 'X counted.', registers: [registry] }).inc(2);
};
const gaugeX: Define = (registry) => {
  new Gauge({ name: 'x', help: 'X now.', multiprocessMode: 'sum', registers: [registry] }).set(5);
};

const CLASHES: [string, Define, Define, string, number][] = [
  ['counter jobs, gauge jobs_total', counterJobs, gaugeJobsTotal, 'jobs_total', 3],
  ['gauge jobs_total, counter jobs', gaugeJobsTotal, counterJobs, 'jobs_total', 7],
  ['counter x, gauge x', counterX, gaugeX, 'x_total', 2],
  ['gauge x, counter x', gaugeX, counterX, 'x', 5],
];

/**
 * Names the app chose itself, which promtool's lint points out: a gauge named
 * like a counter, counters declared without `_total` (text 0.0.4 writes them
 * under their own name). Nothing else may be found.
 */
const NAMING_LINTS = [
  'jobs_total non-counter metrics should not have "_total" suffix',
  'jobs counter metrics should have "_total" suffix',
  'x counter metrics should have "_total" suffix',
];

/** The merged view is valid in text 0.0.4 (promtool) and in OpenMetrics (a strict parser). */
async function checked(view: Registry): Promise<string> {
  const text = await view.metrics();
  const result = await promtoolCheckMetrics(text);
  const findings = (result.stderr + result.stdout).split('\n').filter((l) => l !== '');
  expect(findings.filter((l) => !NAMING_LINTS.includes(l))).toEqual([]);
  // 3: lint findings only; 1 would be an exposition promtool cannot parse.
  expect(result.code).toBe(findings.length === 0 ? 0 : 3);
  await parseOpenMetricsWithPython(await view.metrics({ format: 'openmetrics' }));
  return text;
}

function errorsOf(text: string, reason: string): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`promkit_aggregation_errors_total{reason="${reason}"}`));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describeWithTool(promtool, 'definitions that clash across processes', () =>
  describeWithTool(pythonPrometheusClient, 'in every format', () => {
    let warn: jest.SpyInstance;
    beforeEach(() => {
      warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    });
    afterEach(() => warn.mockRestore());

    describe.each([
      ['both running', [] as number[]],
      ['the second one exited (kept in the archive)', [1]],
    ])('in a cluster, %s', (_state, exited) => {
      it.each(CLASHES)(
        '%s: keeps the first, leaves out the other, counts it and warns once naming both',
        async (_what, first, second, sample, value) => {
          const p = new Processes(2, (registry, i) => (i === 0 ? first : second)(registry));
          const view = await p.view('cluster', exited);
          const text = await checked(view);
          expect(await view.getSampleValue(sample)).toBe(value);
          expect(errorsOf(text, 'conflict')).toBe(1);
          await view.metrics();
          const clashes = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('clash'));
          expect(clashes).toHaveLength(1);
          expect(clashes[0]).toMatch(/worker 1\b/);
          expect(clashes[0]).toMatch(/worker 2\b/);
        },
      );
    });

    describe("in a cluster primary's hub, the second worker exited", () => {
      it.each(CLASHES)(
        '%s: its archived definition is left out',
        async (_what, first, second, sample, value) => {
          const p = new Processes(2, (registry, i) => (i === 0 ? first : second)(registry));
          const hub = primaryHub();
          for (const i of [0, 1]) {
            const worker = String(i + 1);
            hub.receive(worker, 1000 + i, {
              tag: MESSAGE_TAG,
              kind: 'snapshot',
              worker,
              snapshot: await p.snapshot(i),
            });
          }
          hub.exited('2');
          const view = new Registry();
          view.registerCollector(new AggregatedCollector('cluster', () => hub.gather(100)));
          const text = await checked(view);
          expect(hub.counts.exited).toBe(1);
          expect(await view.getSampleValue(sample)).toBe(value);
          expect(errorsOf(text, 'conflict')).toBe(1);
        },
      );
    });

    describe('in the shared directory', () => {
      let dir: string;
      beforeEach(async () => {
        dir = await mkdtemp(join(tmpdir(), 'promkit-clash-'));
      });
      afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
      });

      /** Writes the file a process with this pid would write; `final` marks it exited. */
      async function writeProcessFile(pid: number, define: Define, final: boolean): Promise<void> {
        const registry = new Registry();
        define(registry);
        const startedAt = Date.now();
        const taker = new SnapshotTaker({ worker: String(pid), pid, startedAt }, () => [registry]);
        const snapshot = await taker.take(final);
        const file = { format: 'promkit-directory/1', flushInterval: 1000, snapshot };
        await writeFile(join(dir, `promkit-${pid}-${startedAt}-0a0b0c0d.json`), JSON.stringify(file));
      }

      it.each(CLASHES)(
        '%s, one process running and one exited: keeps the running one’s',
        async (_what, first, second, sample, value) => {
          // The running process is this one; the exited one wrote its last file.
          await writeProcessFile(process.pid, first, false);
          await writeProcessFile(999_999_001, second, true);
          const view = new MultiprocessDirectory({ dir, write: false });
          const text = await checked(view.aggregated);
          expect(await view.aggregated.getSampleValue(sample)).toBe(value);
          expect(errorsOf(text, 'conflict')).toBe(1);
          const clashes = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('clash'));
          expect(clashes).toHaveLength(1);
          expect(clashes[0]).toContain(`pid ${process.pid}`);
          expect(clashes[0]).toContain('pid 999999001');
        },
      );

      it('counter jobs and gauge jobs_total, both exited', async () => {
        await writeProcessFile(999_999_001, counterJobs, true);
        await writeProcessFile(999_999_002, gaugeJobsTotal, true);
        const view = new MultiprocessDirectory({ dir, write: false });
        const text = await checked(view.aggregated);
        expect(await view.aggregated.getSampleValue('jobs_total')).toBe(3);
        expect(errorsOf(text, 'conflict')).toBe(1);
      });
    });
  }),
);
