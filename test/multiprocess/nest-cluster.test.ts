import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { drive, get, sampleValue } from './support/load';

const APP = join(__dirname, 'fixtures', 'nest-cluster-app.js');
const BUILT = join(__dirname, '..', '..', 'dist', 'cjs', 'nest', 'index.js');

describe('a NestJS app in every worker of a Node cluster', () => {
  let service: ServiceProcess;
  let control: string;
  let app: string;

  beforeAll(async () => {
    // npm test builds the package first; the fixture runs it as an installed app would.
    if (!existsSync(BUILT)) throw new Error('promkit is not built: run `npm run build` (npm test does)');
    service = startService('nest cluster app', process.execPath, [APP], {
      env: { ...process.env, WORKERS: '2' },
    });
    const ports = await waitFor(
      async () => {
        const line = service
          .output()
          .split('\n')
          .find((l) => l.startsWith('{"control"'));
        return line ? (JSON.parse(line) as { control: number; app: number }) : undefined;
      },
      {
        what: 'the Nest cluster app to listen',
        timeoutMs: 45_000,
        giveUp: () => (service.exited() ? 'it exited' : undefined),
      },
      () => service.output(),
    );
    control = `http://127.0.0.1:${ports.control}/metrics`;
    app = `http://127.0.0.1:${ports.app}`;
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
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
