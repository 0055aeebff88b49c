import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningCluster, startClusterScript } from './support/cluster-app';
import { drive, get, sampleValue } from './support/load';

const APP = join(__dirname, 'fixtures', 'nest-cluster-app.js');
const BUILT = join(__dirname, '..', '..', 'dist', 'cjs', 'nest', 'index.js');

describe('a NestJS app in every worker of a Node cluster', () => {
  let cluster: RunningCluster | undefined;
  let control: string;
  let app: string;

  beforeAll(async () => {
    // npm test builds the package first; the fixture runs it as an installed app would.
    if (!existsSync(BUILT)) throw new Error('promkit is not built: run `npm run build` (npm test does)');
    cluster = await startClusterScript(APP, [], { ...process.env, WORKERS: '2' });
    control = `${cluster.control}/metrics`;
    app = cluster.app;
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('merges the decorated counter and the HTTP metrics of both workers, each request once', async () => {
    const load = await drive(() => `${app}/orders`, 200, 8);
    const text = await get(control);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="answered"}')).toBe(2);
    expect(sampleValue(text, 'orders_listed_total{result="success"}')).toBe(load.succeeded);
    expect(
      sampleValue(
        text,
        'http_request_duration_seconds_count{method="GET",route="/orders",status_code="200"}',
      ),
    ).toBe(load.succeeded);
    // A worker's own /metrics endpoint is not counted as a request.
    expect(text).not.toContain('route="/metrics"');
  }, 60_000);
});
