import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Histogram, Registry, Summary } from 'promkit';
import {
  AggregatedCollector,
  MultiprocessDirectory,
  type ProcessSnapshot,
  SnapshotTaker,
  validateSnapshot,
} from 'promkit/multiprocess';
import { MESSAGE_TAG } from '../../lib/multiprocess/hub/protocol';
import { primaryHub } from '../multiprocess/support/primary-hub';
import { describeWithTool } from '../support/external-tool';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';

/**
 * A snapshot read from a corrupt file, or sent by a process that lies, may
 * carry values its types cannot have: a NaN, -Inf or negative counter, a
 * histogram whose count is not the sum of its buckets, a fractional count.
 * Strict OpenMetrics parsers reject the whole merged exposition for one of
 * them. Those series are refused, counted and warned about; every other
 * series, of that process too, is merged as usual.
 */

/** A process's metrics, as JSON (what travels), with one series per queue. */
async function snapshotJson(worker: number, pid = 1000 + worker): Promise<any> {
  const registry = new Registry();
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs.',
    labelNames: ['queue'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'latency_seconds',
    help: 'Latency.',
    labelNames: ['queue'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  const sizes = new Summary({
    name: 'size_bytes',
    help: 'Sizes.',
    labelNames: ['queue'],
    registers: [registry],
  });
  for (const queue of ['a', 'b']) {
    jobs.inc({ queue }, worker);
    latency.observe({ queue }, 0.5);
    sizes.observe({ queue }, 10);
  }
  const taker = new SnapshotTaker({ worker: String(worker), pid, startedAt: Date.now() }, () => [registry]);
  return JSON.parse(JSON.stringify(await taker.take()));
}

function family(snapshot: any, name: string): any {
  return snapshot.families.find((f: any) => f.name === name);
}

/** Worker 2's series of queue "a" are spoiled in every way; its queue "b" stays good. */
async function lyingSnapshot(spoil: string, pid?: number): Promise<any> {
  const s = await snapshotJson(2, pid);
  const jobs = family(s, 'jobs');
  const latency = family(s, 'latency_seconds');
  const sizes = family(s, 'size_bytes');
  switch (spoil) {
    case 'NaN counter':
      jobs.values[0] = 'NaN';
      break;
    case '-Inf counter':
      jobs.values[0] = '-Inf';
      break;
    case 'negative counter':
      jobs.values[0] = -3;
      break;
    case 'histogram count that is not the sum of its buckets':
      latency.counts[0] = 5;
      break;
    case 'fractional bucket count':
      latency.buckets[1] = 0.5;
      latency.counts[0] = 0.5;
      break;
    case 'fractional summary count':
      sizes.counts[0] = 1.5;
      break;
  }
  return s;
}

const SPOILS = [
  ['NaN counter', 'jobs_total'],
  ['-Inf counter', 'jobs_total'],
  ['negative counter', 'jobs_total'],
  ['histogram count that is not the sum of its buckets', 'latency_seconds_count'],
  ['fractional bucket count', 'latency_seconds_count'],
  ['fractional summary count', 'size_bytes_count'],
] as const;

function view(snapshots: ProcessSnapshot[], warnings: string[]): Registry {
  const registry = new Registry();
  registry.registerCollector(
    new AggregatedCollector(
      'cluster',
      async () => ({
        sources: snapshots.map((snapshot) => ({ snapshot, live: true })),
        workers: { answered: snapshots.length, late: 0, silent: 0, exited: 0 },
        rejected: [],
      }),
      (m) => warnings.push(m),
    ),
  );
  return registry;
}

function sampleOf(
  families: Awaited<ReturnType<typeof parseOpenMetricsWithPython>>,
  name: string,
  queue: string,
) {
  for (const f of families) {
    for (const s of f.samples) if (s.name === name && s.labels.queue === queue) return s.value;
  }
  return undefined;
}

describeWithTool(pythonPrometheusClient, 'values a type cannot have, in a snapshot', () => {
  it.each(SPOILS)('a %s: refuses that series alone, counts it, warns once', async (spoil, sample) => {
    const snapshots = [
      validateSnapshot(await snapshotJson(1)),
      validateSnapshot(await lyingSnapshot(spoil)),
      validateSnapshot(await snapshotJson(3)),
    ];
    const warnings: string[] = [];
    const registry = view(snapshots, warnings);
    const text = await registry.metrics({ format: 'openmetrics' });
    const families = await parseOpenMetricsWithPython(text);
    const perWorker = sample === 'jobs_total' ? [1, 2, 3] : [1, 1, 1];
    // Queue "a": workers 1 and 3 only; queue "b": all three, worker 2 included.
    expect(sampleOf(families, sample, 'a')).toBe(perWorker[0] + perWorker[2]);
    expect(sampleOf(families, sample, 'b')).toBe(perWorker[0] + perWorker[1] + perWorker[2]);
    expect(sampleOf(families, 'promkit_aggregation_errors_total', 'a')).toBeUndefined();
    const errors = families.find((f) => f.name === 'promkit_aggregation_errors')?.samples;
    expect(
      errors?.find((s) => s.labels.reason === 'invalid_series' && s.name.endsWith('_total'))?.value,
    ).toBe(1);
    await registry.metrics();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('worker 2');
    expect(warnings[0]).toContain('{queue="a"}');
    expect(warnings[0]).toContain(sample.replace(/_count$|_total$/, ''));
  });

  it('in the shared directory, a corrupt file loses only its bad series', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promkit-values-'));
    try {
      const pid = 999_999_002;
      const startedAt = Date.now();
      const snapshot = { ...(await lyingSnapshot('NaN counter', pid)), final: true };
      const file = { format: 'promkit-directory/1', flushInterval: 1000, snapshot };
      await writeFile(join(dir, `promkit-${pid}-${startedAt}-0a0b0c0d.json`), JSON.stringify(file));
      const warnings: string[] = [];
      const shared = new MultiprocessDirectory({ dir, write: false, onWarning: (m) => warnings.push(m) });
      const families = await parseOpenMetricsWithPython(
        await shared.aggregated.metrics({ format: 'openmetrics' }),
      );
      expect(sampleOf(families, 'jobs_total', 'a')).toBeUndefined();
      expect(sampleOf(families, 'jobs_total', 'b')).toBe(2);
      expect(sampleOf(families, 'latency_seconds_count', 'a')).toBe(1);
      expect(warnings.join('\n')).toContain(`pid ${pid}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("through a primary's hub, a bad value in a change refuses that series and keeps the others in place", async () => {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      labelNames: ['queue'],
      registers: [registry],
    });
    for (const queue of ['a', 'b', 'c']) jobs.inc({ queue });
    const taker = new SnapshotTaker({ worker: '1', pid: 1001, startedAt: Date.now() }, () => [registry]);
    const hub = primaryHub();
    const send = (snapshot: unknown) =>
      hub.receive('1', 1001, { tag: MESSAGE_TAG, kind: 'snapshot', worker: '1', snapshot });
    send(JSON.parse(JSON.stringify(await taker.takeChanges())));
    jobs.inc({ queue: 'a' }, 10);
    jobs.inc({ queue: 'c' }, 10);
    const change = JSON.parse(JSON.stringify(await taker.takeChanges()));
    // The change carries queues a and c; a lying worker spoils a.
    expect(change.base).toBeDefined();
    expect(change.families[0].values).toEqual([11, 11]);
    change.families[0].values[0] = 'NaN';
    send(change);
    const warnings: string[] = [];
    const view = new Registry();
    view.registerCollector(
      new AggregatedCollector(
        'cluster',
        () => hub.gather(100),
        (m) => warnings.push(m),
      ),
    );
    const families = await parseOpenMetricsWithPython(await view.metrics({ format: 'openmetrics' }));
    expect(sampleOf(families, 'jobs_total', 'a')).toBeUndefined();
    expect(sampleOf(families, 'jobs_total', 'b')).toBe(1);
    expect(sampleOf(families, 'jobs_total', 'c')).toBe(11);
    expect(warnings.join('\n')).toContain('worker 1');
  });
});
