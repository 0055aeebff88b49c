import { Gauge, MetricValueError, Registry } from 'promkit';
import { toFloat64 } from 'promkit/testing';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Gauge', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('goes up and down, with and without labels', async () => {
    const g = new Gauge({ name: 'queue_depth', help: 'Q', labelNames: ['queue'], registers: [registry] });
    g.inc({ queue: 'a' });
    g.inc({ queue: 'a' }, 4);
    g.dec({ queue: 'a' }, 2);
    g.set({ queue: 'b' }, -7.5);
    g.labels('c').set(1);
    g.labels('c').dec();
    expect(await toFloat64(g, { queue: 'a' })).toBe(3);
    expect(await toFloat64(g, { queue: 'b' })).toBe(-7.5);
    expect(await toFloat64(g, { queue: 'c' })).toBe(0);
  });

  it('accepts NaN and infinities as values but not as increments', async () => {
    const g = new Gauge({ name: 'g', help: 'G', registers: [registry] });
    g.set(Number.POSITIVE_INFINITY);
    expect(await registry.metrics()).toContain('g +Inf\n');
    g.set(Number.NaN);
    expect(await registry.metrics()).toContain('g NaN\n');
    g.set(1);
    expect(() => g.inc(Number.NaN)).toThrow(
      new MetricValueError('Gauge "g": increment must be a finite number, got NaN'),
    );
    expect(() => g.dec(Number.NEGATIVE_INFINITY)).toThrow(/decrement must be a finite number/);
    expect(() => g.set('3' as never)).toThrow(/value must be a number, got "3"/);
    expect(await registry.getSampleValue('g')).toBe(1);
  });

  it('sets the current time in seconds', async () => {
    const g = new Gauge({ name: 'last_run_timestamp_seconds', help: 'T', registers: [registry] });
    const before = Date.now() / 1000;
    g.setToCurrentTime();
    const value = (await registry.getSampleValue('last_run_timestamp_seconds')) as number;
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('times with startTimer, labels given at start and end', async () => {
    const g = new Gauge({
      name: 'duration_seconds',
      help: 'D',
      labelNames: ['a', 'b'],
      registers: [registry],
    });
    const end = g.startTimer({ a: '1' });
    await tick();
    const seconds = end({ b: '2' });
    expect(seconds).toBeGreaterThan(0.002);
    expect(await registry.getSampleValue('duration_seconds', { a: '1', b: '2' })).toBe(seconds);
  });

  it('tracks in-progress calls until an async call settles', async () => {
    const g = new Gauge({ name: 'in_progress', help: 'I', registers: [registry] });
    let release!: () => void;
    const running = g.trackInProgress(() => new Promise<void>((r) => (release = r)));
    expect(await registry.getSampleValue('in_progress')).toBe(1);
    release();
    await running;
    expect(await registry.getSampleValue('in_progress')).toBe(0);
    expect(() =>
      g.trackInProgress(() => {
        throw new Error('sync failure');
      }),
    ).toThrow('sync failure');
    expect(await registry.getSampleValue('in_progress')).toBe(0);
  });

  it('time() sets the duration of a function, sync or async', async () => {
    const g = new Gauge({ name: 'last_duration_seconds', help: 'L', registers: [registry] });
    const result = await g.time(async () => {
      await tick();
      return 'done';
    });
    expect(result).toBe('done');
    expect(await registry.getSampleValue('last_duration_seconds')).toBeGreaterThan(0.002);
  });
});
