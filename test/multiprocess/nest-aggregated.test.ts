import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { Counted, Counter, Registry } from 'promkit';
import { MultiprocessDirectory } from 'promkit/multiprocess';
import { MetricsLifecycle, MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, PLATFORMS, sampleValue, startApp } from '../nest/nest-app';
import { waitFor } from '../support/wait-for';
import { DrivenProcess } from './support/driven-process';
import { usePromkitBundle } from './support/promkit-bundle';

const PROCESS = join(__dirname, 'fixtures', 'directory-process.js');
const FLUSH_MS = 200;

@Controller('orders')
class OrdersController {
  @Get()
  @Counted({ name: 'orders_listed_total' })
  list() {
    return [];
  }
}

describe('MetricsModule serving the merged view of a shared directory', () => {
  const runtime = usePromkitBundle();
  let dir: string;
  let directory: MultiprocessDirectory | undefined;
  const started: DrivenProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promkit-nest-multiproc-'));
  });

  afterEach(async () => {
    await closeAllApps();
    await directory?.stop();
    directory = undefined;
    for (const p of started.splice(0)) p.kill();
    await rm(dir, { recursive: true, force: true });
  });

  /** Another process of the same app, writing its own file to the directory. */
  const other = async (units: number) => {
    const p = new DrivenProcess(PROCESS, runtime().execArgv, {
      ...runtime().env,
      PROMKIT_MULTIPROC_DIR: dir,
      FLUSH_MS: String(FLUSH_MS),
    });
    started.push(p);
    await p.ready();
    await p.send(`inc ${units}`);
    return p;
  };

  const scrapeUntil = (url: string, series: string, expected: number) =>
    waitFor(
      async () => {
        const { text } = await getText(url);
        return sampleValue(text, series) === expected ? text : undefined;
      },
      { what: `${series} to reach ${expected} at ${url}`, timeoutMs: 10 * FLUSH_MS + 10_000 },
    );

  it.each(PLATFORMS)(
    'on %s: the app endpoint adds every process up; the app records as usual',
    async (platform) => {
      const registry = new Registry();
      const work = new Counter({ name: 'work_done_total', help: 'Work done', registers: [registry] });
      directory = new MultiprocessDirectory({ dir, registries: [registry], flushInterval: FLUSH_MS });
      const app = await startApp(platform, {
        imports: [MetricsModule.forRoot({ registry, aggregated: directory, defaultMetrics: false })],
        controllers: [OrdersController],
      });
      work.inc(5);
      await Promise.all([other(10), other(20)]);
      await getText(`${app.url}/orders`);
      await getText(`${app.url}/orders`);

      const text = await scrapeUntil(`${app.url}/metrics`, 'work_done_total', 35);
      // Decorators and HTTP metrics record as in any app, and reach the merged view.
      expect(sampleValue(text, 'orders_listed_total{result="success"}')).toBe(2);
      expect(text).toMatch(/^http_request_duration_seconds_count\{[^}]*route="\/orders"[^}]*\} 2$/m);
      // The serving process counts its own series, not itself among the others.
      expect(sampleValue(text, 'promkit_aggregation_workers{state="answered"}')).toBe(2);
      // The app's own registry still holds only its own counts.
      expect(await registry.getSampleValue('work_done_total')).toBe(5);
    },
  );

  it('serves the merged view on the separate metrics port too, given the aggregated registry itself', async () => {
    const registry = new Registry();
    new Counter({ name: 'work_done_total', help: 'Work done', registers: [registry] }).inc(1);
    directory = new MultiprocessDirectory({ dir, registries: [registry], flushInterval: FLUSH_MS });
    const app = await startApp('express', {
      imports: [
        MetricsModule.forRoot({
          registry,
          aggregated: directory.aggregated,
          defaultMetrics: false,
          port: 0,
          host: '127.0.0.1',
        }),
      ],
    });
    await other(2);
    const server = app.app.get(MetricsLifecycle).metricsServer;
    expect(server).toBeDefined();
    await scrapeUntil(`http://127.0.0.1:${server?.port}/metrics`, 'work_done_total', 3);
    expect((await getText(`${app.url}/metrics`)).status).toBe(404);
  });

  it('refuses an aggregated option that is no registry, saying what it takes', () => {
    expect(() =>
      MetricsModule.forRoot({ aggregated: { aggregated: {} } as never, defaultMetrics: false }),
    ).toThrow(
      /aggregated must be an AggregatorRegistry, WorkerRegistry, MultiprocessDirectory or a Registry/,
    );
  });
});
