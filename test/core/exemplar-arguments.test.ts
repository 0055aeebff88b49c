import { Counter, Histogram, LabelError, Registry } from 'promkit';

/**
 * Exemplar labels given after the value, `observe(v, exemplarLabels)` and
 * `inc(v, exemplarLabels)`, as a series from `labels()` takes them: a call on
 * the metric itself records them the same way, with or without labels.
 */
describe('exemplar labels after the value', () => {
  let registry: Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>;

  beforeEach(() => {
    registry = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
  });

  /** The exposition with exemplar timestamps left out, so calls made a millisecond apart compare equal. */
  async function exposition(): Promise<string> {
    return (await registry.metrics()).replace(/( # \{[^}]*\} \S+) \S+$/gm, '$1');
  }

  it('a histogram without labels records them on the bucket, as its series from labels() does', async () => {
    const direct = new Histogram({
      name: 'direct_seconds',
      help: 'h',
      buckets: [0.1, 1],
      registers: [registry],
    });
    const child = new Histogram({
      name: 'child_seconds',
      help: 'h',
      buckets: [0.1, 1],
      registers: [registry],
    });
    direct.observe(0.05, { trace_id: 'abc' });
    child.labels().observe(0.05, { trace_id: 'abc' });
    const text = await exposition();
    expect(text).toContain('direct_seconds_bucket{le="0.1"} 1 # {trace_id="abc"} 0.05\n');
    expect(text).toContain('child_seconds_bucket{le="0.1"} 1 # {trace_id="abc"} 0.05\n');
  });

  it('a counter without labels records them, as its series from labels() does', async () => {
    const direct = new Counter({ name: 'direct_total', help: 'c', registers: [registry] });
    const child = new Counter({ name: 'child_total', help: 'c', registers: [registry] });
    direct.inc(2, { trace_id: 'abc' });
    child.labels().inc(2, { trace_id: 'abc' });
    const text = await exposition();
    expect(text).toContain('direct_total 2 # {trace_id="abc"} 2\n');
    expect(text).toContain('child_total 2 # {trace_id="abc"} 2\n');
  });

  it('a labelled metric takes them after labels and value', async () => {
    const h = new Histogram({
      name: 'route_seconds',
      help: 'h',
      labelNames: ['route'],
      buckets: [0.1, 1],
      registers: [registry],
    });
    const c = new Counter({ name: 'route_total', help: 'c', labelNames: ['route'], registers: [registry] });
    h.observe({ route: '/a' }, 0.5, { trace_id: 'h1' });
    c.inc({ route: '/a' }, 3, { trace_id: 'c1' });
    const text = await exposition();
    expect(text).toContain('route_seconds_bucket{le="1.0",route="/a"} 1 # {trace_id="h1"} 0.5\n');
    expect(text).toContain('route_total{route="/a"} 3 # {trace_id="c1"} 3\n');
  });

  it('rejects bad exemplar labels as a series does, naming the metric and recording nothing', async () => {
    const h = new Histogram({ name: 'h_seconds', help: 'h', buckets: [1], registers: [registry] });
    const c = new Counter({ name: 'c_total', help: 'c', registers: [registry] });
    expect(() => h.observe(0.5, 'trace' as never)).toThrow(LabelError);
    expect(() => h.observe(0.5, 'trace' as never)).toThrow(
      'Metric "h_seconds": exemplar labels must be an object',
    );
    expect(() => c.inc(1, { 'bad-name': 'x' })).toThrow(
      'Metric "c_total": invalid exemplar label name "bad-name"',
    );
    expect(await registry.getSampleValue('h_seconds_count')).toBe(0);
    expect(await registry.getSampleValue('c_total')).toBe(0);
  });
});
