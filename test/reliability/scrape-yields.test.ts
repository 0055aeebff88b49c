import { Counter, Registry } from 'promkit';
import { writeOpenMetrics, writeText } from 'promkit/exposition';

const SERIES = 100_000;

function bigRegistry(): { registry: Registry; counter: Counter<'id' | 'shard'> } {
  const registry = new Registry();
  const counter = new Counter({
    name: 'jobs_total',
    help: 'Jobs by id.',
    labelNames: ['id', 'shard'] as const,
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < SERIES; i++) counter.inc({ id: `job-${i}`, shard: String(i % 16) }, i);
  return { registry, counter };
}

/** Counts event-loop turns (and the longest gap between them) while `work` runs. */
async function loopTurnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  running = false;
  return { result, turns };
}

describe('a scrape of one large family', () => {
  const { registry, counter } = bigRegistry();

  it.each(['text', 'openmetrics'] as const)(
    'lets the event loop run while writing it (%s)',
    async (format) => {
      const families = await registry.collect();
      const expected = format === 'text' ? writeText(families) : writeOpenMetrics(families);
      const { result, turns } = await loopTurnsDuring(() => registry.metrics({ format }));
      // Before, one family was written in one synchronous stretch: no turn at all.
      expect(turns).toBeGreaterThanOrEqual(3);
      expect(result).toBe(expected);
    },
  );

  it('lets the event loop run while writing it as response bytes', async () => {
    const expected = Buffer.from(writeText(await registry.collect()), 'utf8');
    const { result, turns } = await loopTurnsDuring(() => registry.metricsBytes({ format: 'text' }));
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(Buffer.from(result).equals(expected)).toBe(true);
  });

  it('is not shifted by series removed while it is being written', async () => {
    let removed = 0;
    setImmediate(() => {
      for (let i = 0; i < SERIES; i += 100, removed++)
        counter.remove({ id: `job-${i}`, shard: String(i % 16) });
    });
    const text = await registry.metrics();
    expect(removed).toBe(SERIES / 100);
    const lines = text.split('\n').filter((l) => l.startsWith('jobs_total{'));
    // Written from the series present when writing began: each exactly once.
    expect(lines).toHaveLength(SERIES);
    expect(new Set(lines).size).toBe(SERIES);
    expect(lines[0]).toBe('jobs_total{id="job-0",shard="0"} 0');
    const after = (await registry.metrics()).split('\n').filter((l) => l.startsWith('jobs_total{'));
    expect(after).toHaveLength(SERIES - SERIES / 100);
  });
});
