import FakeTimers from '@sinonjs/fake-timers';
import { Counter, Histogram, Registry, Timed } from 'promkit';
import { type Lib, onBoth, sampleLines } from './libraries';

/**
 * Users' unit tests advance jest's or sinon's fake clock and assert the
 * durations their timers recorded. The same programs run on prom-client and
 * promkit and must record the same values.
 */
async function timedProgram(lib: Lib, advance: (ms: number) => void) {
  const registry = new lib.Registry();
  const histogram = new lib.Histogram({
    name: 'job_seconds',
    help: 'Job time',
    labelNames: ['queue', 'result'],
    buckets: [0.1, 0.5, 1],
    registers: [registry],
  });
  const gauge = new lib.Gauge({
    name: 'last_job_seconds',
    help: 'Last job',
    labelNames: ['queue'],
    registers: [registry],
  });
  const summary = new lib.Summary({
    name: 'job_summary_seconds',
    help: 'Jobs',
    percentiles: [0.5],
    registers: [registry],
  });

  const endHistogram = histogram.startTimer({ queue: 'mail' });
  const endGauge = gauge.startTimer();
  const endSummary = summary.startTimer();
  advance(500);
  const returned = [endHistogram({ result: 'ok' }), endGauge({ queue: 'mail' }), endSummary()];
  const endLater = histogram.labels('mail', 'failed').startTimer();
  advance(1500);
  returned.push(endLater());
  return { returned, samples: sampleLines(await registry.metrics()) };
}

describe('timers under fake clocks, as prom-client', () => {
  afterEach(() => jest.useRealTimers());

  it("measure with jest's modern fake timers", async () => {
    jest.useFakeTimers();
    const { promkit, promClient } = await onBoth((lib) =>
      timedProgram(lib, (ms) => jest.advanceTimersByTime(ms)),
    );
    expect(promkit.returned).toEqual([0.5, 0.5, 0.5, 1.5]);
    expect(promkit).toEqual(promClient);
  });

  it('measure with jest fake timers that leave performance real (prom-client reads process.hrtime)', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    const { promkit, promClient } = await onBoth((lib) =>
      timedProgram(lib, (ms) => jest.advanceTimersByTime(ms)),
    );
    expect(promkit.returned).toEqual([0.5, 0.5, 0.5, 1.5]);
    expect(promkit).toEqual(promClient);
  });

  it("measure with @sinonjs/fake-timers' clock", async () => {
    const clock = FakeTimers.install();
    try {
      const { promkit, promClient } = await onBoth((lib) => timedProgram(lib, (ms) => clock.tick(ms)));
      expect(promkit.returned).toEqual([0.5, 0.5, 0.5, 1.5]);
      expect(promkit).toEqual(promClient);
    } finally {
      clock.uninstall();
    }
  });

  it('read the clock at call time: real again once the fake one is uninstalled', async () => {
    const histogram = new Histogram({ name: 'real_seconds', help: 'h', registers: [] });
    const clock = FakeTimers.install();
    const endFake = histogram.startTimer();
    clock.tick(2000);
    expect(endFake()).toBe(2);
    clock.uninstall();
    const endReal = histogram.startTimer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const real = endReal();
    // Generous bounds: the machine may be loaded, but a fake reading would be 0 or thousands.
    expect(real).toBeGreaterThan(0.01);
    expect(real).toBeLessThan(10);
  });

  it('time() and @Timed measure asynchronous work with the fake clock', async () => {
    jest.useFakeTimers();
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'fetch_seconds',
      help: 'h',
      buckets: [1, 5],
      registers: [registry],
    });
    const work = histogram.time(() => new Promise((resolve) => setTimeout(resolve, 3000)));
    await jest.advanceTimersByTimeAsync(3000);
    await work;

    class Importer {
      @Timed({ name: 'import_seconds', buckets: [1, 5], registry })
      async run(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 1250));
      }
    }
    const run = new Importer().run();
    await jest.advanceTimersByTimeAsync(1250);
    await run;
    expect(await registry.getSampleValue('fetch_seconds_sum')).toBe(3);
    expect(await registry.getSampleValue('import_seconds_sum')).toBe(1.25);
  });

  it('merge exemplar labels given at start and at end, as prom-client', async () => {
    jest.useFakeTimers();
    const registry = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
    const histogram = new Histogram({
      name: 'traced_seconds',
      help: 'h',
      labelNames: ['method'],
      buckets: [1],
      enableExemplars: true,
      registers: [registry],
    });
    const end = histogram.startTimer({ method: 'get' }, { traceId: 'abc' });
    jest.advanceTimersByTime(250);
    end({}, { spanId: 'def' });
    expect(await registry.metrics()).toContain(
      'traced_seconds_bucket{le="1.0",method="get"} 1 # {traceId="abc",spanId="def"} 0.25',
    );
  });
});

describe('scrapes under fake timers', () => {
  afterEach(() => jest.useRealTimers());

  it('finish even when they yield to the event loop while the timers are fake', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    const registry = new Registry();
    const counter = new Counter({
      name: 'big_total',
      help: 'h',
      labelNames: ['i'],
      registers: [registry],
      maxSeries: Number.POSITIVE_INFINITY,
    });
    // Enough series that writing them takes several slices, so the scrape yields.
    for (let i = 0; i < 50_000; i++) counter.inc({ i: String(i) });
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('big_total')).length).toBe(50_000);
  });
});
