import { Counter, Enum, Gauge, Histogram, Info, Registry, Summary, WorkerRegistry } from 'promkit';
import { CounterMetricFamily, SummaryMetricFamily } from 'promkit/exposition';
import {
  AggregatedCollector,
  type Deployment,
  type MergeSource,
  type ProcessSnapshot,
  SnapshotTaker,
  validateSnapshot,
} from 'promkit/multiprocess';
import { MULTIPROCESS_MODES } from '../../lib/core';

/**
 * The merging process's own metrics enter the merge from their families.
 * Whatever the mode, type or deployment, the view must be the one the same
 * data gives when sent as a snapshot, as it was before.
 */

const T0 = 1_700_000_000_000;

interface Metrics {
  registries: Registry[];
  regional: Counter;
  gauges: Gauge[];
  jobs: Counter;
  plain: Counter;
  latency: Histogram;
  native: Histogram;
  sizes: Summary;
  build: Info;
  state: Enum;
  custom: { value: number };
}

function define(index: number): Metrics {
  const registry = new Registry();
  const registers = [registry];
  // The merging process's series are remembered from scrape to scrape, except where a default label is added.
  const labelled = new Registry();
  labelled.setDefaultLabels({ region: 'eu' });
  const gauges = MULTIPROCESS_MODES.map(
    (mode) =>
      new Gauge({
        name: `depth_${mode}`,
        help: `Depth in mode ${mode}.`,
        labelNames: ['queue'],
        multiprocessMode: mode,
        registers,
      }),
  );
  const custom = { value: index + 1 };
  registry.registerCollector({
    collect: () => [
      new CounterMetricFamily('imports_total', 'Imports', { labels: ['kind'] })
        .addMetric(['csv'], custom.value)
        .addMetric(['ftp'], index),
      // No sketch: the merged view keeps count and sum only.
      new SummaryMetricFamily('import_seconds', 'Import time').addMetric([], 2, 3, undefined, [
        [0.5, index + 1],
      ]),
      // Points of two shapes: two entries of one family.
      {
        name: 'mixed',
        help: 'Mixed label names',
        type: 'gauge' as const,
        points: [
          { labelNames: ['a'], labelValues: [String(index)], value: custom.value },
          { labelNames: ['b'], labelValues: ['x'], value: index },
        ],
      },
    ],
  });
  return {
    registries: [registry, labelled],
    regional: new Counter({ name: 'regional_total', help: 'R.', labelNames: ['k'], registers: [labelled] }),
    gauges,
    jobs: new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      labelNames: ['queue', 'kind'],
      enableExemplars: true,
      registers,
    }),
    plain: new Counter({ name: 'plain', help: 'Declared without _total.', unit: 'bytes', registers }),
    latency: new Histogram({
      name: 'latency_seconds',
      help: 'Latency.',
      labelNames: ['route'],
      buckets: [0.1, 1],
      enableExemplars: true,
      registers,
    }),
    native: new Histogram({ name: 'native_seconds', help: 'Native.', native: true, buckets: [1], registers }),
    sizes: new Summary({
      name: 'sizes',
      help: 'Sizes.',
      labelNames: ['kind'],
      percentiles: [0.5, 0.9],
      registers,
    }),
    build: new Info({ name: 'build', help: 'Build.', registers }),
    state: new Enum({ name: 'state', help: 'State.', states: ['up', 'down'], registers }),
    custom,
  };
}

function record(m: Metrics, index: number, round: number): void {
  const k = index + 1 + round * 10;
  m.gauges.forEach((g, i) => {
    // Left as it was in one scrape: for `mostrecent`, another process's value is newer.
    if (index !== 0 || round !== 1) g.set({ queue: 'mail' }, k * (i + 1));
    if (round === 0 || index !== 1) g.set({ queue: `only-${index}` }, k);
  });
  m.jobs.inc({
    labels: { queue: 'mail', kind: 'a' },
    value: k,
    exemplarLabels: { trace_id: `t${index}-${round}` },
  });
  m.jobs.inc({ queue: `q${round}`, kind: String(index) }, k);
  if (round === 1 && index === 0) m.jobs.remove({ queue: 'q0', kind: '0' });
  m.plain.inc(k);
  for (let i = 0; i <= index + round; i++) {
    m.latency.observe({ labels: { route: '/a' }, value: i * 0.4, exemplarLabels: { trace_id: `h${i}` } });
    m.native.observe(i * 0.7 - 0.3);
    m.sizes.observe({ kind: 'x' }, i * 3 + round);
  }
  m.build.info({ version: `1.${index}` });
  m.state.state(index % 2 === round % 2 ? 'up' : 'down');
  m.custom.value = k;
  m.regional.inc({ k: String(round) });
}

/** A merged view from these sources, with every warning it gave. */
function viewOf(deployment: Deployment, sources: () => Promise<MergeSource[]>) {
  const warnings: string[] = [];
  const registry = new Registry();
  registry.registerCollector(
    new AggregatedCollector(
      deployment,
      async () => ({
        sources: await sources(),
        workers: { answered: 2, late: 0, silent: 0, exited: 1 },
        rejected: [],
      }),
      (message) => warnings.push(message),
    ),
  );
  return { registry, warnings };
}

async function expositions(registry: Registry<any>): Promise<[string, string, string]> {
  const text = await registry.metrics({ format: 'text' });
  const openmetrics = await registry.metrics({ format: 'openmetrics' });
  const protobuf = Buffer.from(await registry.metricsBytes({ format: 'protobuf' })).toString('base64');
  return [text, openmetrics, protobuf];
}

describe("the merging process's own metrics, merged from their families", () => {
  let now = T0;
  beforeEach(() => {
    now = T0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each<Deployment>(['cluster', 'threads', 'directory'])(
    'give the view their snapshot gave, in every mode and type, scrape after scrape (%s)',
    async (deployment) => {
      const processes = [0, 1, 2].map(define);
      const registriesOf = (i: number) => processes[i].registries;
      const identity = (i: number) => ({ worker: String(i + 1), pid: 1000 + i, startedAt: T0 });
      const takers = processes.map((_, i) => new SnapshotTaker(identity(i), () => registriesOf(i)));
      // The same process seen the old way, with its own memory of gauge changes.
      const asSnapshot = new SnapshotTaker(identity(0), () => registriesOf(0));
      let members: ProcessSnapshot[] = [];
      const others = (): MergeSource[] => [
        { snapshot: members[0], live: true },
        { snapshot: members[1], live: false },
      ];
      const before = viewOf(deployment, async () => [
        { snapshot: await asSnapshot.take(), live: true },
        ...others(),
      ]);
      const after = viewOf(deployment, async () => [
        { families: await takers[0].families(), live: true },
        ...others(),
      ]);
      for (let round = 0; round < 3; round++) {
        now = T0 + round * 1000;
        processes.forEach((m, i) => {
          if (round < 2 || i !== 2) record(m, i, round);
        });
        // Process 2 has exited: its last snapshot stays as the archive keeps it.
        const taken = await Promise.all(takers.slice(1).map((t) => t.take()));
        members = taken.map((s) => validateSnapshot(JSON.parse(JSON.stringify(s))));
        const expected = await expositions(before.registry);
        expect(await expositions(after.registry)).toEqual(expected);
        expect(after.warnings).toEqual(before.warnings);
      }
      const [text] = await expositions(after.registry);
      expect(text).toMatch(/^jobs_total\{.*queue="mail".*\} /m);
      expect(text).not.toMatch(/^promkit_collector_errors_total/m);
      expect(text).toMatch(/^mixed\{b="x"/m);
      expect(text).toMatch(/^regional_total\{k="2",region="eu"\} 2$/m);
    },
  );

  it('are what the hub merges: the main thread alone gives the view its snapshot gave', async () => {
    const m = define(0);
    record(m, 0, 0);
    WorkerRegistry.setRegistries(m.registries);
    const hub = new WorkerRegistry(undefined, { primary: true, timeout: 200 });
    const taker = new SnapshotTaker({ worker: 'main', pid: process.pid, startedAt: T0 }, () => m.registries);
    const old = viewOf('threads', async () => [{ snapshot: await taker.take(), live: true }]);
    const strip = (text: string) => text.replace(/^promkit_aggregation_workers.*\n/gm, '');
    for (let round = 0; round < 2; round++) {
      now = T0 + round * 1000;
      if (round > 0) record(m, 0, round);
      const [text, openmetrics] = await expositions(hub.aggregated);
      const [oldText, oldOpenmetrics] = await expositions(old.registry);
      expect(strip(text)).toBe(strip(oldText));
      expect(strip(openmetrics)).toBe(strip(oldOpenmetrics));
    }
  });
});
