import { waitFor } from '../support/wait-for';
import { type RunningCluster, startClusterApp } from './support/cluster-app';
import { drive, get, post, sampleValue } from './support/load';
import { usePromkitBundle } from './support/promkit-bundle';

interface WorkerInfo {
  id: number;
  pid: number;
  mode: string;
}

const SCRAPE_TIMEOUT_MS = 1500;

describe('Node cluster with 4 workers', () => {
  const runtime = usePromkitBundle();
  let app: RunningCluster;

  beforeAll(async () => {
    app = await startClusterApp(runtime(), {
      WORKERS: '4',
      SCRAPE_TIMEOUT_MS: String(SCRAPE_TIMEOUT_MS),
      CHECKPOINT_MS: '300',
      EXTRA_WORKERS: 'silent,garbage',
    });
    await allAnswering();
  }, 60_000);

  afterAll(async () => {
    await post(`${app.control}/stop`).catch(() => {});
    await app?.stop();
  });

  const scrape = () => get(`${app.control}/metrics`);
  const total = async () => sampleValue(await scrape(), 'app_requests_total');
  const workers = async () => JSON.parse(await get(`${app.control}/workers`)) as WorkerInfo[];
  const work = (i: number) => `${app.app}/work?v=${(i % 100) + 1}`;
  const allAnswering = () =>
    waitFor(
      async () =>
        sampleValue(await scrape(), 'promkit_aggregation_workers{state="answered"}') === 4 ? true : undefined,
      { what: 'all 4 workers to answer a scrape', timeoutMs: 30_000 },
    );

  it('counts every request exactly once across the workers', async () => {
    const before = (await total()) ?? 0;
    const load = await drive(work, 400, 8);
    const text = await scrape();
    expect(sampleValue(text, 'app_requests_total')).toBe(before + load.succeeded);
    // Round-robin spread the load: several workers contributed.
    const contributing = text.split('\n').filter((l) => l.startsWith('app_worker_requests_total{')).length;
    expect(contributing).toBeGreaterThanOrEqual(2);
    // A worker that never set up metrics and one that sends junk do not spoil the scrape.
    expect(sampleValue(text, 'promkit_aggregation_workers{state="silent"}')).toBe(2);
    expect(sampleValue(text, 'promkit_aggregation_errors_total{reason="invalid"}')).toBeGreaterThan(0);
  });

  it('keeps the total when a worker is terminated mid-run and replaced', async () => {
    const before = (await total()) ?? 0;
    const victim = (await workers()).find((w) => w.mode === 'normal') as WorkerInfo;
    let killed = false;
    const load = await drive(work, 400, 8, async (done) => {
      if (done === 150 && !killed) {
        killed = true;
        await post(`${app.control}/kill?id=${victim.id}&signal=SIGTERM`);
      }
    });
    expect(killed).toBe(true);
    await waitFor(async () => ((await workers()).some((w) => w.id === victim.id) ? undefined : true), {
      what: `worker ${victim.id} to be gone`,
      timeoutMs: 10_000,
    });
    const text = await scrape();
    expect(sampleValue(text, 'app_requests_total')).toBe(before + load.succeeded);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="exited"}')).toBeGreaterThanOrEqual(1);
    // The replacement joins, and the total never went down on the way.
    await allAnswering();
    expect(await total()).toBe(before + load.succeeded);
  });

  it('never loses more than a checkpoint when a worker is killed without warning', async () => {
    const before = (await total()) ?? 0;
    const victim = (await workers()).find((w) => w.mode === 'normal') as WorkerInfo;
    const load = await drive(work, 200, 4);
    // Checkpoints every 300 ms: once one has passed, the worker's totals are all with the primary.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await post(`${app.control}/kill?id=${victim.id}&signal=SIGKILL`);
    await waitFor(async () => ((await workers()).some((w) => w.id === victim.id) ? undefined : true), {
      what: `worker ${victim.id} to be gone`,
      timeoutMs: 10_000,
    });
    expect(await total()).toBe(before + load.succeeded);
  });

  it('answers within its deadline while a worker is stuck, from the stuck worker’s last snapshot', async () => {
    await allAnswering();
    const before = await total();
    const stuck = (await workers()).find((w) => w.mode === 'normal') as WorkerInfo;
    await post(`${app.control}/busy?id=${stuck.id}&ms=6000`);
    const started = Date.now();
    const text = await scrape();
    const took = Date.now() - started;
    expect(took).toBeLessThan(SCRAPE_TIMEOUT_MS + 1500);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="late"}')).toBe(1);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="answered"}')).toBe(3);
    expect(sampleValue(text, 'app_requests_total')).toBe(before);
  });
});
