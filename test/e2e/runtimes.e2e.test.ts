import { request } from '../export/http-fetch';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import {
  installRuntimeApp,
  type RuntimeApp,
  runtimeBinary,
  type ServingApp,
  startServingScript,
} from '../support/runtime-app';

const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';

/** Measured on every runtime promkit runs default metrics on. */
const MEASURED_EVERYWHERE = [
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
];

const runtimes = [
  {
    name: 'Bun',
    command: () => [runtimeBinary('bun'), ['serve-metrics.mjs']] as const,
    measured: ['nodejs_eventloop_lag_seconds'],
    // Constants there (see lib/collectors/default-metrics/runtime-support.ts).
    absent: [
      'nodejs_eventloop_utilization',
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
      'nodejs_heap_space_size_total_bytes',
      'nodejs_gc_duration_seconds',
    ],
  },
  {
    name: 'Deno',
    command: () => [runtimeBinary('deno'), ['run', '-A', 'serve-metrics.mjs']] as const,
    measured: ['nodejs_active_resources_total', 'nodejs_heap_space_size_total_bytes'],
    absent: [
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_utilization',
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_gc_duration_seconds',
    ],
  },
];

/** The metric names a text exposition declares. */
function declared(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
}

describeWithTool(promtool, 'promkit on other runtimes', () => {
  describe.each(runtimes)('$name', ({ name, command, measured, absent }) => {
    let app: RuntimeApp;
    let serving: ServingApp;

    beforeAll(async () => {
      app = await installRuntimeApp();
      const [binary, args] = command();
      // The core checks run before the server starts: a failing one exits with its report.
      serving = await startServingScript(name, binary, args, app.dir);
    }, 30_000);

    afterAll(async () => {
      await serving?.process.stop();
      await app?.remove();
    });

    it('passes the core metric checks (every type, labels, decorators, registry output)', () => {
      expect(serving.process.output()).toContain('CORE CHECKS PASSED');
    });

    it(`serves a scrape through metricsFetchHandler on ${name}'s server that promtool accepts`, async () => {
      const scrape = await request(`${serving.base}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(scrape.text).toMatch(/^runtime_http_requests_total\{path="\/metrics"\} [1-9]/m);
      const result = await promtoolCheckMetrics(scrape.text);
      // Parsed; the only lint findings allowed are prom-client's gauge names, kept for dashboards.
      const findings = (result.stdout + result.stderr).split('\n').filter(Boolean);
      const kept =
        /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;
      expect(findings.filter((line) => !kept.test(line))).toEqual([]);
      expect(result.code === 0 || findings.length > 0).toBe(true);
    });

    it('negotiates OpenMetrics and gzip as the node:http endpoints do', async () => {
      const scrape = await request(`${serving.base}/metrics?name[]=runtime_http_requests_total`, {
        headers: { Accept: OPENMETRICS, 'Accept-Encoding': 'gzip' },
      });
      expect(scrape.headers['content-type']).toBe(`${OPENMETRICS}; charset=utf-8`);
      expect(scrape.headers['content-encoding']).toBe('gzip');
      expect([...declared(scrape.text)]).toEqual(['runtime_http_requests']);
      expect(scrape.text.endsWith('# EOF\n')).toBe(true);
    });

    it(`serves the same registry from startHttpServer, on ${name}'s node:http`, async () => {
      const port = /NODE_HTTP (\d+)/.exec(serving.process.output())?.[1];
      const scrape = await request(`http://127.0.0.1:${port}/metrics?name[]=runtime_http_requests_total`, {
        headers: { 'Accept-Encoding': 'gzip' },
      });
      expect(scrape.status).toBe(200);
      expect(scrape.headers['content-encoding']).toBe('gzip');
      expect(scrape.text).toMatch(/^runtime_http_requests_total\{path="\/metrics"\} [1-9]/m);
    });

    it('reports the default metrics the runtime measures and leaves out those it only imitates', async () => {
      const names = declared((await request(`${serving.base}/metrics`)).text);
      expect([...MEASURED_EVERYWHERE, ...measured].filter((metric) => !names.has(metric))).toEqual([]);
      expect(absent.filter((metric) => names.has(metric))).toEqual([]);
    });
  });
});
