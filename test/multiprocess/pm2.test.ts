import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiprocessDirectory } from 'promkit/multiprocess';
import { freePort } from '../support/free-port';
import { type Pm2, startPm2 } from '../support/pm2';
import { waitFor } from '../support/wait-for';
import { drive, get, sampleValue } from './support/load';
import { REQUIRE_BUNDLE, usePromkitBundle } from './support/promkit-bundle';

const APP = join(__dirname, 'fixtures', 'pm2-app.js');
const FLUSH_MS = 200;

describe('PM2 cluster mode with the shared-directory mode', () => {
  const runtime = usePromkitBundle();
  let pm2: Pm2;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promkit-multiproc-'));
    pm2 = await startPm2();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await pm2.run(['start', APP, '--name', 'promkit-app', '-i', '4', '--node-args', `-r ${REQUIRE_BUNDLE}`], {
      PROMKIT_BUNDLE: runtime().bundle,
      PROMKIT_MULTIPROC_DIR: dir,
      PORT: String(port),
      FLUSH_MS: String(FLUSH_MS),
    });
    await allUp();
  }, 90_000);

  afterAll(async () => {
    await pm2?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 40_000);

  const scrape = () => get(`${base}/metrics`);
  /** From any instance, the other three are current. */
  const allUp = () =>
    waitFor(
      async () => {
        const text = await scrape();
        return sampleValue(text, 'promkit_aggregation_workers{state="answered"}') === 3 &&
          sampleValue(text, 'app_up') === 4
          ? true
          : undefined;
      },
      { what: 'all 4 PM2 instances to write their files', timeoutMs: 40_000 },
    );
  /** Other instances' files are at most one flush old: the total settles on the exact count. */
  const settlesAt = (expected: number) =>
    waitFor(
      async () => {
        const seen = sampleValue(await scrape(), 'app_requests_total');
        if (seen !== undefined && seen > expected)
          throw new Error(`counted ${seen}, more than the ${expected} served`);
        return seen === expected ? seen : undefined;
      },
      { what: `app_requests_total to reach ${expected}`, timeoutMs: 10 * FLUSH_MS + 5000 },
    );

  it('counts every request exactly once, whichever instance serves the scrape', async () => {
    const load = await drive((i) => `${base}/work?v=${(i % 50) + 1}`, 300, 8);
    await settlesAt(load.succeeded);
    expect(sampleValue(await scrape(), 'app_latency_seconds_count')).toBe(load.succeeded);
  });

  it('keeps the total when PM2 restarts an instance mid-run', async () => {
    const before = sampleValue(await scrape(), 'app_requests_total') as number;
    let restarted: Promise<string> | undefined;
    const load = await drive(
      (i) => `${base}/work?v=${i}`,
      300,
      8,
      (done) => {
        if (done === 100) restarted ??= pm2.run(['restart', '1']);
      },
    );
    await restarted;
    await settlesAt(before + load.succeeded);
    await allUp();
    const text = await scrape();
    expect(sampleValue(text, 'app_requests_total')).toBe(before + load.succeeded);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="exited"}')).toBe(1);
  });

  it('answers within its deadline while an instance is stuck in a busy loop, from its last file', async () => {
    await allUp();
    const before = sampleValue(await scrape(), 'app_requests_total') as number;
    await settlesAt(before);
    // Any process can serve the view: here one of the test's own, which PM2 cannot route to the stuck instance.
    const timeoutMs = 2000;
    const view = new MultiprocessDirectory({ dir, write: false, timeout: timeoutMs });
    const busy = get(`${base}/busy?ms=8000`, 30_000);
    const took: number[] = [];
    const text = await waitFor(
      async () => {
        const started = Date.now();
        const seen = await view.aggregated.metrics();
        took.push(Date.now() - started);
        return sampleValue(seen, 'promkit_aggregation_workers{state="late"}') === 1 ? seen : undefined;
      },
      { what: 'the stuck instance to count as late', timeoutMs: 7000 },
    );
    expect(Math.max(...took)).toBeLessThan(timeoutMs + 1500);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="answered"}')).toBe(3);
    expect(sampleValue(text, 'app_requests_total')).toBe(before);
    expect(sampleValue(text, 'app_up')).toBe(4);
    await busy;
  }, 40_000);
});
