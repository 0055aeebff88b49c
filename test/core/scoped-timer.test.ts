import { Gauge, Histogram, Registry, Summary } from 'promkit';

async function value(registry: Registry, name: string): Promise<number | undefined> {
  const samples = await registry.getSamples({ names: [name.replace(/_(count|sum)$/, '')] });
  return samples.find((s) => s.name === name)?.value;
}

describe('Timers held with `using`', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('observe the elapsed seconds when the scope is left', async () => {
    const histogram = new Histogram({ name: 'scoped_seconds', help: 'S', registers: [registry] });
    {
      using _timer = histogram.startTimer();
      expect(await value(registry, 'scoped_seconds_count')).toBe(0);
    }
    expect(await value(registry, 'scoped_seconds_count')).toBe(1);
  });

  it('observe once per scope, with the start labels, when the scope is left by a throw', async () => {
    const histogram = new Histogram({
      name: 'scoped_labelled_seconds',
      help: 'S',
      labelNames: ['op'],
      registers: [registry],
    });
    const work = () => {
      using _timer = histogram.startTimer({ op: 'load' });
      throw new Error('boom');
    };
    expect(work).toThrow('boom');
    const samples = await registry.getSamples({ names: ['scoped_labelled_seconds'] });
    expect(samples.find((s) => s.name === 'scoped_labelled_seconds_count')).toMatchObject({
      labels: { op: 'load' },
      value: 1,
    });
  });

  it('work for summaries, gauges and their labelled series alike', async () => {
    const summary = new Summary({ name: 'scoped_summary_seconds', help: 'S', registers: [registry] });
    const gauge = new Gauge({
      name: 'scoped_gauge_seconds',
      help: 'G',
      labelNames: ['op'],
      registers: [registry],
    });
    gauge.set({ op: 'x' }, -1);
    {
      using _s = summary.startTimer();
      using _g = gauge.startTimer({ op: 'x' });
    }
    expect(await value(registry, 'scoped_summary_seconds_count')).toBe(1);
    expect(await value(registry, 'scoped_gauge_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('are still plain end functions returning the seconds', () => {
    const histogram = new Histogram({ name: 'plain_seconds', help: 'S', registers: [registry] });
    const end = histogram.startTimer();
    expect(typeof end()).toBe('number');
    expect(typeof end[Symbol.dispose]).toBe('function');
  });
});
