import { Counter, Gauge, Registry, setNameValidationScheme } from 'promkit';
import { type EscapingScheme, type MetricFamily, writeOpenMetrics, writeText } from 'promkit/exposition';

/**
 * From its second scrape on, a registry writes the label blocks of counters,
 * gauges and untyped families from bytes kept since the scrape before. Each
 * scrape here is compared with the same families written from copies of their
 * points, which no scrape has seen and so are written from their labels.
 */

type Format = 'text' | 'openmetrics';
const FORMATS: Format[] = ['text', 'openmetrics'];

interface Scrape {
  format: Format;
  escaping?: EscapingScheme;
  defaultLabels?: Record<string, string>;
}

async function fromLabels(registry: Registry, { format, escaping, defaultLabels }: Scrape): Promise<string> {
  const families = (await registry.collect()).map((f) => ({ ...f, points: [...f.points] }) as MetricFamily);
  const names = Object.keys(defaultLabels ?? {});
  const options = {
    escaping,
    defaultLabels:
      names.length === 0
        ? undefined
        : { labelNames: names, labelValues: names.map((n) => defaultLabels?.[n] ?? '') },
  };
  return format === 'text' ? writeText(families, options) : writeOpenMetrics(families, options);
}

/** Scrapes twice (the second from kept bytes) and checks both against the families written from their labels. */
async function expectKeptScrapes(registry: Registry, scrape: Scrape): Promise<string> {
  const expected = await fromLabels(registry, scrape);
  const options = { format: scrape.format, escaping: scrape.escaping };
  expect(await registry.metrics(options)).toBe(expected);
  expect(await registry.metrics(options)).toBe(expected);
  expect(Buffer.from(await registry.metricsBytes(options)).toString('utf8')).toBe(expected);
  return expected;
}

function jobs(registry: Registry, name = 'jobs_total'): Counter<'queue' | 'note'> {
  return new Counter({ name, help: 'Jobs.', labelNames: ['queue', 'note'], registers: [registry] });
}

describe('label bytes kept between scrapes', () => {
  it.each(FORMATS)(
    'writes %s from kept bytes exactly as from the labels: escaped and non-ASCII values, every kind of number',
    async (format) => {
      const registry = new Registry();
      const c = jobs(registry);
      c.inc({ queue: 'mail', note: 'plain' }, 3);
      c.inc({ queue: 'ünïcødé', note: 'quote " backslash \\ newline \n' }, 1.5);
      c.inc({ queue: 'big', note: 'n' }, 1e6);
      c.inc({ queue: 'huge', note: 'n' }, 2 ** 53 + 2);
      c.inc({ queue: 'tiny', note: 'n' }, 1e-7);
      const g = new Gauge({ name: 'depth', help: 'D.', labelNames: ['q'], registers: [registry] });
      for (const [q, v] of [
        ['neg', -42],
        ['negzero', -0],
        ['nan', Number.NaN],
        ['inf', Number.POSITIVE_INFINITY],
        ['ninf', Number.NEGATIVE_INFINITY],
        ['below', 999_999],
        ['frac', -0.25],
      ] as const) {
        g.set({ q }, v);
      }
      new Gauge({ name: 'unlabelled', help: 'U.', registers: [registry] }).set(7);
      const text = await expectKeptScrapes(registry, { format });
      expect(text).toContain('queue="ünïcødé",note="quote \\" backslash \\\\ newline \\n"');
    },
  );

  it("writes a counter named without `_total` under each format's name, scrapes of both formats taking turns", async () => {
    const registry = new Registry();
    jobs(registry, 'jobs').inc({ queue: 'a', note: 'n' });
    for (let i = 0; i < 2; i++) {
      expect(await expectKeptScrapes(registry, { format: 'text' })).toContain('jobs{queue="a",note="n"} 1\n');
      expect(await expectKeptScrapes(registry, { format: 'openmetrics' })).toContain(
        'jobs_total{queue="a",note="n"} 1\n',
      );
    }
  });

  it.each(FORMATS)(
    '%s: a series added, removed, removed and replaced, or a metric reset between scrapes',
    async (format) => {
      const registry = new Registry();
      const c = jobs(registry);
      for (let i = 0; i < 600; i++) c.inc({ queue: `q${i}`, note: 'n' }, i);
      await expectKeptScrapes(registry, { format });

      c.inc({ queue: 'added', note: 'n' });
      expect(await expectKeptScrapes(registry, { format })).toContain('queue="added"');

      c.remove({ queue: 'q5', note: 'n' });
      expect(await expectKeptScrapes(registry, { format })).not.toContain('queue="q5"');

      // Same number of series as before, one of them new: the kept entries after q10 have moved.
      c.remove({ queue: 'q10', note: 'n' });
      c.inc({ queue: 'replaced', note: 'n' }, 2);
      const replaced = await expectKeptScrapes(registry, { format });
      expect(replaced).not.toContain('queue="q10"');
      expect(replaced).toContain('queue="replaced"');

      c.remove({ queue: 'replaced', note: 'n' });
      expect(await expectKeptScrapes(registry, { format })).not.toContain('queue="replaced"');

      c.reset();
      c.inc({ queue: 'after-reset', note: 'n' });
      const reset = await expectKeptScrapes(registry, { format });
      expect(reset).not.toContain('queue="q0"');
      expect(reset).toContain('queue="after-reset"');
    },
  );

  it.each(FORMATS)(
    '%s: a family of several thousand series, kept in chunks, with series removed and added at chunk ends',
    async (format) => {
      const registry = new Registry();
      const c = new Counter({
        name: 'jobs_total',
        help: 'Jobs.',
        labelNames: ['queue', 'note'],
        registers: [registry],
        maxSeries: Number.POSITIVE_INFINITY,
      });
      // Later series have longer labels than the first ones, and some non-ASCII: a chunk sized from its first series grows.
      const note = (i: number) => (i < 64 ? 'n' : i % 97 === 0 ? 'ü'.repeat(300) : 'x'.repeat(i % 40));
      const series = 3 * 4096 + 100;
      for (let i = 0; i < series; i++) c.inc({ queue: `q${i}`, note: note(i) }, i);
      await expectKeptScrapes(registry, { format });

      for (const i of [4095, 4096, 8191, 8192 + 17]) c.remove({ queue: `q${i}`, note: note(i) });
      const removed = await expectKeptScrapes(registry, { format });
      expect(removed).not.toContain('queue="q4096"');
      expect(removed).toContain('queue="q4097"');

      // The family shrinks below a chunk's end, then grows past it again.
      for (let i = series - 200; i < series; i++) c.remove({ queue: `q${i}`, note: note(i) });
      await expectKeptScrapes(registry, { format });
      for (let i = 0; i < 300; i++) c.inc({ queue: `added${i}`, note: note(i) });
      const grown = await expectKeptScrapes(registry, { format });
      expect(grown).toContain('queue="added299"');
      // The whole family in one piece, from kept bytes across chunks.
      const families = await registry.collect();
      expect(format === 'text' ? writeText(families) : writeOpenMetrics(families)).toBe(grown);
    },
  );

  describe('series dropped by their TTL', () => {
    beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
    afterEach(() => jest.useRealTimers());

    it.each(FORMATS)('%s: written no more once expired, and again once revived', async (format) => {
      const registry = new Registry();
      const g = new Gauge({
        name: 'temperature',
        help: 'T.',
        labelNames: ['device'],
        registers: [registry],
        seriesTtlSeconds: 10,
      });
      for (const device of ['a', 'b', 'c']) g.set({ device }, 20);
      await expectKeptScrapes(registry, { format });
      jest.advanceTimersByTime(6_000);
      g.set({ device: 'c' }, 21);
      jest.advanceTimersByTime(6_000);
      await registry.metrics({ format }); // the sweep that finds a and b idle
      jest.advanceTimersByTime(11_000);
      g.set({ device: 'c' }, 22);
      const swept = await expectKeptScrapes(registry, { format });
      expect(swept).not.toContain('device="a"');
      expect(swept).toContain('temperature{device="c"} 22');
      g.set({ device: 'a' }, 23);
      expect(await expectKeptScrapes(registry, { format })).toContain('temperature{device="a"} 23');
    });
  });

  it('follows the default labels when they change between scrapes', async () => {
    const registry = new Registry();
    jobs(registry).inc({ queue: 'a', note: 'n' });
    await expectKeptScrapes(registry, { format: 'text' });
    registry.setDefaultLabels({ region: 'eu' });
    expect(await expectKeptScrapes(registry, { format: 'text', defaultLabels: { region: 'eu' } })).toContain(
      'jobs_total{queue="a",note="n",region="eu"} 1',
    );
    registry.setDefaultLabels({ queue: 'own wins', zone: 'z' });
    expect(
      await expectKeptScrapes(registry, {
        format: 'openmetrics',
        defaultLabels: { queue: 'own wins', zone: 'z' },
      }),
    ).toContain('jobs_total{queue="a",note="n",zone="z"} 1');
  });

  describe('escaping schemes negotiated from one scrape to the next', () => {
    beforeEach(() => setNameValidationScheme('utf-8'));
    afterEach(() => setNameValidationScheme('legacy'));

    it.each(FORMATS)('%s: UTF-8 names follow each scheme, legacy names stay as they are', async (format) => {
      const registry = new Registry();
      new Counter({
        name: 'http.requests_total',
        help: 'R.',
        labelNames: ['http.method'],
        registers: [registry],
      }).inc({ 'http.method': 'GET' });
      new Gauge({ name: 'depth', help: 'D.', labelNames: ['queue.name', 'zone'], registers: [registry] }).set(
        { 'queue.name': 'mail', zone: 'eu' },
        4,
      );
      jobs(registry).inc({ queue: 'a', note: 'n' });
      const schemes: EscapingScheme[] = [
        'underscores',
        'allow-utf-8',
        'dots',
        'values',
        'underscores',
        'allow-utf-8',
      ];
      for (const escaping of schemes) {
        const text = await expectKeptScrapes(registry, { format, escaping });
        expect(text).toContain('jobs_total{queue="a",note="n"} 1');
        if (escaping === 'allow-utf-8') expect(text).toContain('"queue.name"="mail"');
        else expect(text).not.toContain('"queue.name"');
      }
    });
  });
});
