import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as promClient from 'prom-client';
import { Counter, collectDefaultMetrics, type DefaultMetricsHandle, Registry } from 'promkit';

/** `name type` for every `# TYPE` line, and `name help` for every `# HELP` line. */
function headers(exposition: string, kind: 'TYPE' | 'HELP'): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of exposition.matchAll(new RegExp(`^# ${kind} (\\S+) (.*)$`, 'gm')))
    out.set(match[1], match[2]);
  return out;
}

/** Metrics only promkit has (prom-client 15 does not export them). */
const PROMKIT_ONLY = ['nodejs_eventloop_utilization'];

const started: DefaultMetricsHandle[] = [];
function start(options: Parameters<typeof collectDefaultMetrics>[0]): DefaultMetricsHandle {
  const handle = collectDefaultMetrics(options);
  started.push(handle);
  return handle;
}
afterEach(() => {
  for (const handle of started.splice(0)) handle.stop();
});

function countByType(resources: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of resources) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('collectDefaultMetrics', () => {
  it("exposes prom-client's default metric names, types and help texts", async () => {
    const theirs = new promClient.Registry();
    promClient.collectDefaultMetrics({ register: theirs });
    const ours = new Registry();
    start({ register: ours });
    await tick(50);
    const [theirText, ourText] = [await theirs.metrics(), await ours.metrics()];

    const theirTypes = headers(theirText, 'TYPE');
    const ourTypes = headers(ourText, 'TYPE');
    for (const name of PROMKIT_ONLY) expect(ourTypes.delete(name)).toBe(true);
    expect(Object.fromEntries(ourTypes)).toEqual(Object.fromEntries(theirTypes));
    const ourHelp = headers(ourText, 'HELP');
    for (const name of PROMKIT_ONLY) ourHelp.delete(name);
    expect(Object.fromEntries(ourHelp)).toEqual(Object.fromEntries(headers(theirText, 'HELP')));
    // Guard against both sides coming out empty.
    expect(theirTypes.size).toBeGreaterThanOrEqual(25);
  });

  it('reports plausible values', async () => {
    const registry = new Registry();
    start({ register: registry });
    await tick(50);
    const value = (name: string, labels?: Record<string, string>) => registry.getSampleValue(name, labels);

    const startTime = (await value('process_start_time_seconds')) as number;
    expect(startTime).toBeLessThanOrEqual(Date.now() / 1000);
    expect(startTime).toBeGreaterThan(Date.now() / 1000 - process.uptime() - 5);
    expect(await value('process_cpu_seconds_total')).toBeGreaterThan(0);
    const user = (await value('process_cpu_user_seconds_total')) as number;
    const system = (await value('process_cpu_system_seconds_total')) as number;
    expect(await value('process_cpu_seconds_total')).toBeGreaterThanOrEqual(user + system);
    expect(await value('process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(await value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(await value('nodejs_heap_space_size_total_bytes', { space: 'old' })).toBeGreaterThan(0);
    expect(
      await value('nodejs_version_info', {
        version: process.version,
        major: process.versions.node.split('.')[0],
        minor: process.versions.node.split('.')[1],
        patch: process.versions.node.split('.')[2],
      }),
    ).toBe(1);
    const utilization = (await value('nodejs_eventloop_utilization')) as number;
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThanOrEqual(1);
    if (process.platform === 'linux') {
      expect(await value('process_open_fds')).toBeGreaterThan(0);
      expect(await value('process_max_fds')).toBeGreaterThanOrEqual(
        (await value('process_open_fds')) as number,
      );
      expect(await value('process_virtual_memory_bytes')).toBeGreaterThanOrEqual(
        (await value('process_resident_memory_bytes')) as number,
      );
    }
  });

  it('includes the event-loop lag families from the first scrape, NaN until the monitor has measured', async () => {
    const registry = new Registry();
    start({ register: registry });
    const first = await registry.metrics();
    const lag = new Map([...first.matchAll(/^(nodejs_eventloop_lag\w*) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect([...lag.keys()].sort()).toEqual(
      ['', '_min', '_max', '_mean', '_stddev', '_p50', '_p90', '_p99']
        .map((statistic) => `nodejs_eventloop_lag${statistic}_seconds`)
        .sort(),
    );
    // Nothing measured yet is not a delay of 0 (nor the monitor's empty-histogram sentinels).
    expect(new Set(lag.values())).toEqual(new Set(['NaN']));
    await tick(60);
    const later = await registry.getSampleValue('nodejs_eventloop_lag_max_seconds');
    expect(later).toBeGreaterThanOrEqual(0);
    expect(later).toBeLessThan(60);
  });

  it('measures event-loop delay between scrapes, not during them', async () => {
    const registry = new Registry();
    start({ register: registry, eventLoopMonitoringPrecision: 1 });
    await tick(20);
    await registry.metrics(); // starts a fresh window
    const blockedUntil = Date.now() + 120;
    while (Date.now() < blockedUntil) {
      // Block the loop: the next window must see it.
    }
    await tick(20);
    const blockedWindow = (await registry.getSampleValue('nodejs_eventloop_lag_max_seconds')) as number;
    expect(blockedWindow).toBeGreaterThan(0.1);
    await tick(30);
    // A new window without a blocked loop.
    expect(await registry.getSampleValue('nodejs_eventloop_lag_max_seconds')).toBeLessThan(blockedWindow);
  });

  it('records garbage collections by kind', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const registry = new Registry();
    start({ register: registry, gcDurationBuckets: [0.5, 5] });
    gc();
    await tick(20);
    const text = await registry.metrics();
    expect(text).toMatch(/^nodejs_gc_duration_seconds_count\{kind="major"\} [1-9]/m);
    expect(text).toContain('nodejs_gc_duration_seconds_bucket{le="0.5",kind="major"}');
  });

  it('honours a scrape restricted to some names', async () => {
    const registry = new Registry();
    start({ register: registry });
    const text = await registry.metrics({
      names: ['process_cpu_seconds_total', 'nodejs_heap_size_used_bytes'],
    });
    expect(text.match(/^# TYPE .*$/gm)).toEqual([
      '# TYPE process_cpu_seconds_total counter',
      '# TYPE nodejs_heap_size_used_bytes gauge',
    ]);
  });

  it('applies prefix and labels to every metric', async () => {
    const registry = new Registry();
    start({ register: registry, prefix: 'app_', labels: { region: 'eu' } });
    const text = await registry.metrics();
    const samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(samples.length).toBeGreaterThan(20);
    for (const line of samples) {
      expect(line).toMatch(/^app_/);
      expect(line).toContain('region="eu"');
    }
  });

  it('rejects bad options before starting anything', () => {
    const registry = new Registry();
    expect(() => collectDefaultMetrics({ register: registry, prefix: 'bad-' })).toThrow(/prefix "bad-"/);
    expect(() => collectDefaultMetrics({ register: registry, labels: { kind: 'x' } })).toThrow(
      /"kind" is reserved/,
    );
    expect(() => collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 0 })).toThrow(
      /eventLoopMonitoringPrecision/,
    );
    expect(() => collectDefaultMetrics({ register: registry, gcDurationBuckets: [2, 1] })).toThrow(/sorted/);
    expect(() => collectDefaultMetrics(null as never)).toThrow(TypeError);
    // Label values are checked at the call too, not at every scrape.
    expect(() => collectDefaultMetrics({ register: registry, labels: { region: '\uD800' } })).toThrow(
      /region/,
    );
    expect(() => collectDefaultMetrics({ register: registry, labels: { region: {} as never } })).toThrow(
      /region/,
    );
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  it('writes a numeric label value as its text', async () => {
    const registry = new Registry();
    start({ register: registry, labels: { shard: 3 } });
    expect(await registry.metrics()).toMatch(/^process_cpu_user_seconds_total\{shard="3"\} /m);
  });

  it('a name clash with an existing metric leaves the registry untouched', async () => {
    const registry = new Registry();
    new Counter({ name: 'process_cpu_seconds_total', help: 'mine', registers: [registry] });
    expect(() => collectDefaultMetrics({ register: registry })).toThrow(/process_cpu_seconds/);
    expect(await registry.metrics()).toBe(
      '# HELP process_cpu_seconds_total mine\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 0\n',
    );
  });

  it('a second call on the same registry shares the running collectors until both handles stop', async () => {
    const registry = new Registry();
    const first = start({ register: registry });
    const second = collectDefaultMetrics({ register: registry });
    expect(second.registry).toBe(first.registry);
    const text = await registry.metrics();
    expect(text.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);
    first.stop();
    first.stop();
    expect(await registry.metrics()).toContain('process_cpu_seconds_total');
    second.stop();
    expect(await registry.metrics()).toBe('');
  });

  it('a call after registry.clear() exposes the metrics again', async () => {
    const registry = new Registry();
    start({ register: registry });
    registry.clear();
    expect(await registry.metrics()).toBe('');
    collectDefaultMetrics({ register: registry });
    expect(await registry.metrics()).toContain('# TYPE process_cpu_seconds_total counter');
  });

  it('stop() unregisters the metrics and leaves no active resources behind', async () => {
    await tick(10);
    const before = countByType(process.getActiveResourcesInfo());
    const registry = new Registry();
    const handle = collectDefaultMetrics({ register: registry });
    await registry.metrics();
    handle.stop();
    handle.stop();
    expect(await registry.metrics()).toBe('');
    await tick(10);
    const after = countByType(process.getActiveResourcesInfo());
    const leftOver = [...after].filter(([type, n]) => n > (before.get(type) ?? 0));
    expect(leftOver).toEqual([]);
    // Stopped for good: a new call starts a fresh set.
    const again = start({ register: registry });
    expect(again).not.toBe(handle);
    expect(await registry.metrics()).toContain('process_cpu_seconds_total');
  });
});
