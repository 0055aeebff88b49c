import { join } from 'node:path';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { drive, get, post, sampleValue } from './support/load';
import { usePromkitBundle } from './support/promkit-bundle';

const APP = join(__dirname, 'fixtures', 'threads-app.js');
const SCRAPE_TIMEOUT_MS = 1500;
/** The sketch's default relative accuracy. */
const ACCURACY = 0.01;

/** Same as the fixture's observationAt. */
const observationAt = (k: number) => Math.exp((((k * 2654435761) % 4294967296) / 4294967296) * 7);

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('worker_threads: 4 threads behind one scrape', () => {
  const runtime = usePromkitBundle();
  let app: ServiceProcess;
  let base: string;
  let recorded = 0;

  beforeAll(async () => {
    app = startService('threads app', process.execPath, [APP], {
      env: { ...runtime().env, SCRAPE_TIMEOUT_MS: String(SCRAPE_TIMEOUT_MS), CHECKPOINT_MS: '200' },
    });
    const { port } = await waitFor(
      async () => {
        const line = app
          .output()
          .split('\n')
          .find((l) => l.startsWith('{"port"'));
        return line ? (JSON.parse(line) as { port: number }) : undefined;
      },
      {
        what: 'the threads app to listen',
        timeoutMs: 30_000,
        giveUp: () => (app.exited() ? 'it exited' : undefined),
      },
      () => app.output(),
    );
    base = `http://127.0.0.1:${port}`;
    await allAnswering();
  }, 60_000);

  afterAll(() => app?.stop());

  const scrape = () => get(`${base}/metrics`);
  const allAnswering = () =>
    waitFor(
      async () =>
        sampleValue(await scrape(), 'promkit_aggregation_workers{state="answered"}') === 4 ? true : undefined,
      { what: 'all 4 threads to answer', timeoutMs: 30_000 },
    );
  /** Observations `recorded`..`recorded + n - 1`, spread over the 4 threads in batches. */
  const record = async (n: number, batch = 250) => {
    const from = recorded;
    recorded += n;
    await drive(
      (i) => `${base}/record?slot=${i % 4}&from=${from + i * batch}&to=${from + (i + 1) * batch}`,
      n / batch,
      4,
    );
  };

  it('counts every observation exactly, and merges the summary sketches within their accuracy', async () => {
    await record(20_000);
    const text = await scrape();
    expect(sampleValue(text, 'jobs_observed_total')).toBe(recorded);
    expect(sampleValue(text, 'job_size_count')).toBe(recorded);
    expect(sampleValue(text, 'job_size_histogram_count')).toBe(recorded);
    const values = Array.from({ length: recorded }, (_, k) => observationAt(k)).sort((a, b) => a - b);
    expect(sampleValue(text, 'job_size_histogram_bucket{le="10"}')).toBe(
      values.filter((v) => v <= 10).length,
    );
    for (const q of [0.5, 0.99]) {
      const reported = sampleValue(text, `job_size{quantile="${q}"}`) as number;
      const truth = exactQuantile(values, q);
      expect(Math.abs(reported - truth)).toBeLessThanOrEqual(truth * ACCURACY);
    }
  });

  it('keeps the totals of a thread that ends mid-run, and of one terminated after a checkpoint', async () => {
    const exiting = record(4000);
    await post(`${base}/exit?slot=1`);
    await exiting;
    await record(4000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await post(`${base}/terminate?slot=2`);
    await record(2000);
    const text = await scrape();
    expect(sampleValue(text, 'jobs_observed_total')).toBe(recorded);
    expect(sampleValue(text, 'job_size_count')).toBe(recorded);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="exited"}')).toBe(2);
  });

  it('answers within its deadline while a thread is stuck', async () => {
    await allAnswering();
    await post(`${base}/busy?slot=0&ms=5000`);
    const started = Date.now();
    const text = await scrape();
    expect(Date.now() - started).toBeLessThan(SCRAPE_TIMEOUT_MS + 1500);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="late"}')).toBe(1);
    expect(sampleValue(text, 'jobs_observed_total')).toBe(recorded);
  });
});
