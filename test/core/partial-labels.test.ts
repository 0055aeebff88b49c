import * as promClient from 'prom-client';
import * as promkit from 'promkit';
import { Counter, Gauge, Histogram, Info, LabelError, Registry, Summary } from 'promkit';

type Lib = typeof promkit;
const promClientLib = promClient as unknown as Lib;

/** Sample lines with the labels inside braces sorted: label order carries no meaning. */
function samples(exposition: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/\{(.*)\}/, (_, inner: string) => `{${inner.split(',').sort().join(',')}}`));
}

/** prom-client code that leaves labels out, run unchanged against both libraries. */
async function leaveLabelsOut(lib: Lib): Promise<{ text: string; json: unknown }> {
  const registry = new lib.Registry();
  const requests = new lib.Counter({
    name: 'requests_total',
    help: 'Requests',
    labelNames: ['method', 'code'] as const,
    registers: [registry],
  });
  // String values: prom-client's get() hands back the caller's numbers, a difference of its own.
  requests.inc({ code: '200' });
  requests.inc({ method: 'GET', code: '200' });
  requests.inc();
  requests.inc({ method: 'GET' }, 2);
  requests.inc({ code: '200' }, 3);
  requests.labels({ code: '500' }).inc();

  const queue = new lib.Gauge({
    name: 'queue',
    help: 'Queue',
    labelNames: ['a', 'b'],
    registers: [registry],
  });
  queue.set({ b: 'x' }, 3);
  queue.labels({ a: 'y' }).inc();
  queue.dec({ b: 'x' });

  const latency = new lib.Histogram({
    name: 'latency_seconds',
    help: 'Latency',
    labelNames: ['route', 'method'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  latency.observe({ route: '/a' }, 0.5);
  latency.observe(2);
  latency.startTimer({ method: 'GET' })();

  const sizes = new lib.Summary({
    name: 'sizes',
    help: 'Sizes',
    labelNames: ['route'],
    percentiles: [0.5],
    registers: [registry],
  });
  sizes.observe(10);
  sizes.observe({ route: '/a' }, 4);

  requests.remove({ method: 'GET' });
  return { text: await registry.metrics(), json: await requests.get() };
}

describe('partial label sets, as prom-client 15 accepts them', () => {
  it('exposes the same samples as prom-client when labels are left out', async () => {
    const ours = await leaveLabelsOut(promkit);
    const theirs = await leaveLabelsOut(promClientLib);
    // Summaries estimate quantiles differently; compare everything else.
    const comparable = (lines: string[]) =>
      lines.filter((l) => !l.startsWith('sizes{') && !l.startsWith('sizes '));
    // The timer's observation is some tiny duration: compare its presence, not its value.
    const withoutTimerValues = (lines: string[]) =>
      lines.map((l) => (l.startsWith('latency_seconds_sum{method="GET"}') ? l.replace(/ .*$/, '') : l));
    expect(withoutTimerValues(comparable(samples(ours.text)))).toEqual(
      withoutTimerValues(comparable(samples(theirs.text))),
    );
    expect(samples(ours.text)).toEqual(
      expect.arrayContaining([
        'requests_total{code="200"} 4',
        'requests_total 1',
        'requests_total{code="500"} 1',
        'queue{b="x"} 2',
        'queue{a="y"} 1',
        'latency_seconds_bucket{le="1",route="/a"} 1',
        'latency_seconds_count 1',
        'sizes_count 1',
        'sizes_sum{route="/a"} 4',
      ]),
    );
    expect(ours.json).toEqual(theirs.json);
  });

  it('keeps absent apart from empty, and undefined means absent', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['a', 'b'], registers: [registry] });
    c.inc({ b: '1' });
    c.inc({ a: '', b: '1' });
    c.inc({ a: undefined, b: '1' });
    expect(samples(await registry.metrics())).toEqual(['c_total{b="1"} 2', 'c_total{a="",b="1"} 1']);
  });

  it('tells apart label sets that leave out different labels', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['a', 'b', 'c'], registers: [registry] });
    c.inc({ a: 'x' });
    c.inc({ b: 'x' });
    c.inc({ c: 'x' });
    c.inc({ a: 'x', c: 'x' });
    c.inc({ c: 'x', a: 'x' });
    c.inc({});
    c.inc({ a: 'x', b: 'x', c: 'x' });
    expect(samples(await registry.metrics())).toEqual([
      'c_total{a="x"} 1',
      'c_total{b="x"} 1',
      'c_total{c="x"} 1',
      'c_total{a="x",c="x"} 2',
      'c_total 1',
      'c_total{a="x",b="x",c="x"} 1',
    ]);
    expect(c.labels({ c: 'x', a: 'x' }).labelNames).toEqual(['a', 'c']);
    c.remove({ a: 'x', c: 'x' });
    c.remove({});
    expect(samples(await registry.metrics())).toHaveLength(4);
  });

  it('still rejects undeclared labels and, like prom-client, a short positional list', () => {
    const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['a', 'b'], registers: [] });
    // @ts-expect-error: 'z' is not a declared label
    expect(() => c.inc({ a: '1', z: '2' })).toThrow(
      new LabelError('Metric "c_total": unknown label "z" (declared labels: a, b)'),
    );
    expect(() => c.labels('1')).toThrow(/expected 2 label value\(s\) \(a, b\), got 1/);
  });

  it('types label objects as partial, and still checks their names', () => {
    const c = new Counter({
      name: 'c_total',
      help: 'C',
      labelNames: ['method', 'code'] as const,
      registers: [],
    });
    c.inc({ code: 200 });
    c.inc();
    const child = c.labels({ method: 'GET' });
    child.inc();
    // @ts-expect-error: 'path' is not among labelNames
    expect(() => c.inc({ path: '/' })).toThrow(LabelError);
    expect(child.labelNames).toEqual(['method']);
  });

  describe('strictLabels: a missing label is an error instead', () => {
    const strict = { labelNames: ['method', 'code'], registers: [], strictLabels: true };

    it.each([
      ['Counter inc', () => new Counter({ name: 'c_total', help: 'C', ...strict }).inc({ code: 200 })],
      ['Counter inc()', () => new Counter({ name: 'c_total', help: 'C', ...strict }).inc()],
      ['Gauge set', () => new Gauge({ name: 'g', help: 'G', ...strict }).set({ code: 200 }, 1)],
      ['Histogram observe', () => new Histogram({ name: 'h', help: 'H', ...strict }).observe({ code: 1 }, 1)],
      ['Summary observe', () => new Summary({ name: 's', help: 'S', ...strict }).observe(1)],
      ['labels({...})', () => new Counter({ name: 'c_total', help: 'C', ...strict }).labels({ code: 1 })],
      [
        'labels(undefined)',
        () => new Counter({ name: 'c_total', help: 'C', ...strict }).labels(undefined as never, 200),
      ],
      [
        'undefined value',
        () => new Counter({ name: 'c_total', help: 'C', ...strict }).inc({ method: undefined, code: 1 }),
      ],
      ['Info info', () => new Info({ name: 'i', help: 'I', ...strict }).info({ code: 1 }, { v: '1' })],
    ])('%s throws, naming the metric and the label', (_, call) => {
      expect(call).toThrow(LabelError);
      expect(call).toThrow(/^Metric "\w+": missing label "method" \(declared labels: method, code\)$/);
    });

    it("follows the registry's strictLabels unless the metric sets its own", () => {
      const strictRegistry = new Registry(undefined, { strictLabels: true });
      const inherits = new Counter({
        name: 'a_total',
        help: 'A',
        labelNames: ['k'],
        registers: [strictRegistry],
      });
      expect(() => inherits.inc()).toThrow(/missing label "k"/);
      const lenient = new Counter({
        name: 'b_total',
        help: 'B',
        labelNames: ['k'],
        registers: [strictRegistry],
        strictLabels: false,
      });
      lenient.inc();
      const later = new Registry();
      later.setMetricDefaults({ strictLabels: true });
      const both = new Counter({
        name: 'c_total',
        help: 'C',
        labelNames: ['k'],
        registers: [new Registry(), later],
      });
      expect(() => both.inc({})).toThrow(/missing label "k"/);
      expect(() => later.setMetricDefaults({ strictLabels: 'yes' as never })).toThrow(
        'strictLabels must be true or false, got "yes"',
      );
    });

    it('accepts complete label sets in any key order', async () => {
      const registry = new Registry();
      const c = new Counter({ name: 'c_total', help: 'C', ...strict, registers: [registry] });
      c.inc({ method: 'GET', code: 200 });
      c.inc({ code: 200, method: 'GET' });
      c.labels('GET', 200).inc();
      expect(samples(await registry.metrics())).toEqual(['c_total{code="200",method="GET"} 3']);
    });
  });
});
