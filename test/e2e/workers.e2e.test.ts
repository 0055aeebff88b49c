import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { request } from '../export/http-fetch';
import { bundleWorker } from '../support/browser-bundle';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';

const WORKER = join(__dirname, '..', 'runtimes', 'worker.mjs');
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';

describeWithTool(
  promtool,
  'promkit in a Cloudflare Worker routed by Hono (workerd through miniflare)',
  () => {
    let worker: Miniflare;
    let base: string;

    beforeAll(async () => {
      worker = new Miniflare({
        modules: true,
        script: await bundleWorker(WORKER),
        // promkit's exposition writes into Buffers, which Workers have with nodejs_compat.
        compatibilityDate: '2025-09-01',
        compatibilityFlags: ['nodejs_compat'],
        host: '127.0.0.1',
        port: 0,
      });
      base = (await worker.ready).origin;
    }, 30_000);

    afterAll(() => worker?.dispose());

    it('counts requests and serves them in text format that promtool accepts', async () => {
      await request(`${base}/jobs`);
      await request(`${base}/jobs`);
      const scrape = await request(`${base}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.text).toContain('worker_requests_total{path="/jobs"} 2');
      const result = await promtoolCheckMetrics(scrape.text);
      expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
    });

    it('records HTTP metrics by Hono route template', async () => {
      // workerd's log reaches this process through console.error.
      const workerLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      await request(`${base}/orders/41`);
      await request(`${base}/orders/42`);
      const scrape = await request(`${base}/metrics?name[]=http_request_duration_seconds`);
      expect(scrape.text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/orders/:id",status_code="200"} 2',
      );
      expect(scrape.text).not.toMatch(/orders\/4[12]/);
      // Recording fails nothing on workerd, whose timers are numbers with no unref.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const logged = workerLog.mock.calls.flat().join('\n');
      workerLog.mockRestore();
      expect(logged).not.toContain('failed');
    });

    it('serves OpenMetrics gzipped once, as the node:http endpoints do', async () => {
      const scrape = await request(`${base}/metrics`, {
        headers: { Accept: OPENMETRICS, 'Accept-Encoding': 'gzip' },
      });
      expect(scrape.headers['content-type']).toBe(`${OPENMETRICS}; charset=utf-8`);
      expect(scrape.headers['content-encoding']).toBe('gzip');
      // Decoded once by the helper: a body compressed twice would still be gzip here.
      expect(scrape.text).toMatch(/^# HELP worker_requests /m);
      expect(scrape.text.endsWith('# EOF\n')).toBe(true);
    });

    it('answers methods other than GET and HEAD with 405', async () => {
      const scrape = await request(`${base}/metrics`, { method: 'POST' });
      expect(scrape.status).toBe(405);
      expect(scrape.headers.allow).toBe('GET, HEAD');
    });

    it('fails what a Worker cannot have at the call, with an error naming it, not at import', async () => {
      const answer = JSON.parse((await request(`${base}/unsupported`)).text);
      expect(answer).toEqual({
        collectDefaultMetrics: expect.stringMatching(
          /^RuntimeUnsupportedError: promkit: collectDefaultMetrics measures a process, and Cloudflare Workers has none/,
        ),
        startHttpServer: expect.stringMatching(
          /^RuntimeUnsupportedError: promkit: startHttpServer needs .*node:http/,
        ),
        cluster: expect.stringMatching(/^RuntimeUnsupportedError: promkit: the cluster mode .*node:cluster/),
      });
    });
  },
);
