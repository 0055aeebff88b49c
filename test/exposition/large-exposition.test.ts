import { Counter, Registry } from '../../lib';

/**
 * Large expositions are gathered as UTF-8 bytes and decoded a megabyte at a
 * time; these tests check the text that comes out, line by line, across those
 * boundaries and across scrapes that reuse the same memory.
 */

function counterRegistry(name: string, series: number, value: (i: number) => string): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name,
    help: 'h',
    labelNames: ['v'],
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < series; i++) counter.inc({ v: value(i) }, i + 1);
  return registry;
}

function expectedText(name: string, series: number, value: (i: number) => string): string {
  let text = `# HELP ${name} h\n# TYPE ${name} counter\n`;
  for (let i = 0; i < series; i++) text += `${name}{v="${value(i)}"} ${i + 1}\n`;
  return text;
}

describe('large expositions', () => {
  // About 2.6 MB: several segments, each decoded on its own.
  const SERIES = 60_000;

  it('are exact in ASCII', async () => {
    const value = (i: number) => `route/${i}/abc`;
    const text = await counterRegistry('ascii_total', SERIES, value).metrics();
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    expect(text).toBe(expectedText('ascii_total', SERIES, value));
  });

  it('are exact with multi-byte characters at every offset, across slice and segment boundaries', async () => {
    // Two-, three- and four-byte characters, shifted by one byte from series to series.
    const value = (i: number) => `${'x'.repeat(i % 7)}é日🎉${i}`;
    const text = await counterRegistry('utf8_total', SERIES, value).metrics();
    expect(text).toBe(expectedText('utf8_total', SERIES, value));
  });

  it('are exact when ASCII and multi-byte text alternate from segment to segment', async () => {
    const value = (i: number) => (Math.floor(i / 15_000) % 2 === 0 ? `plain-${i}` : `ü-${i}`);
    const text = await counterRegistry('mixed_total', SERIES, value).metrics();
    expect(text).toBe(expectedText('mixed_total', SERIES, value));
  });

  it.each([
    ['ASCII', (i: number) => `route/${i}`],
    ['multi-byte characters', (i: number) => `${'x'.repeat(i % 5)}é日🎉${i}`],
  ])('come out as the UTF-8 bytes of the same text from metricsBytes (%s)', async (_, value) => {
    const registry = counterRegistry('bytes_total', SERIES, value);
    for (const format of ['text', 'openmetrics'] as const) {
      const bytes = await registry.metricsBytes({ format });
      expect(Buffer.from(bytes).equals(Buffer.from(await registry.metrics({ format }), 'utf8'))).toBe(true);
    }
    // Later bodies are sized after earlier ones; a smaller one is still exact.
    const small = counterRegistry('small_total', 3, value);
    expect(Buffer.from(await small.metricsBytes()).toString('utf8')).toBe(
      expectedText('small_total', 3, value),
    );
  });

  it('keep a body intact while later scrapes write theirs', async () => {
    const registry = counterRegistry('kept_total', SERIES, (i) => `k${i}`);
    const first = await registry.metricsBytes();
    const copy = Buffer.from(first);
    await Promise.all([
      registry.metricsBytes(),
      registry.metrics(),
      registry.metricsBytes({ format: 'openmetrics' }),
    ]);
    expect(Buffer.from(first).equals(copy)).toBe(true);
  });

  it("come out of metricsBytes in a buffer sized by the same registry's last body", async () => {
    const big = counterRegistry('big_total', SERIES, (i) => `b${i}`);
    const first = await big.metricsBytes();
    const second = await big.metricsBytes();
    // Sized after the first body, not grown by doubling into it.
    expect(second.buffer.byteLength).toBeLessThanOrEqual(Math.ceil(first.byteLength * 1.125));
    // Another registry's large body does not make a small one hold megabytes.
    const small = await counterRegistry('small_total', 3, (i) => `s${i}`).metricsBytes();
    expect(small.buffer.byteLength).toBeLessThanOrEqual(64 * 1024);
  });

  it('come out of metricsBytes as protobuf unchanged', async () => {
    const registry = counterRegistry('proto_total', 1000, (i) => `p${i}`);
    const bytes = await registry.metricsBytes({ format: 'protobuf' });
    expect(Buffer.from(bytes).equals(Buffer.from(await registry.metrics({ format: 'protobuf' })))).toBe(true);
  });

  it('carry nothing over from an earlier, larger scrape', async () => {
    await counterRegistry('big_total', SERIES, (i) => `${i}`.repeat(5)).metrics();
    const small = counterRegistry('small_total', 2, (i) => `s${i}`);
    expect(await small.metrics()).toBe(expectedText('small_total', 2, (i) => `s${i}`));
  });

  it('stay apart when scrapes of two registries run at once', async () => {
    const a = (i: number) => `a-${i}`;
    const b = (i: number) => `bé-${i}`;
    const [textA, textB, textA2] = await Promise.all([
      counterRegistry('a_total', SERIES, a).metrics(),
      counterRegistry('b_total', SERIES, b).metrics(),
      counterRegistry('a_total', SERIES, a).metrics({ format: 'openmetrics' }),
    ]);
    expect(textA).toBe(expectedText('a_total', SERIES, a));
    expect(textB).toBe(expectedText('b_total', SERIES, b));
    expect(textA2.endsWith('# EOF\n')).toBe(true);
    expect(textA2.split('\n').filter((line) => line.startsWith('a_total{')).length).toBe(SERIES);
  });
});
