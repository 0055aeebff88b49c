import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import {
  HttpMetrics,
  type HttpMetricsOptions,
  honoHttpMetrics,
  metricsHandler,
  Registry,
  register,
  setNameValidationScheme,
  setRoute,
  withHttpMetrics,
} from 'promkit';
import { MetricConfigError } from '../../lib/core/validation';
import { abandonRequest } from '../support/abandon-request';
import { eventually, waitFor } from '../support/wait-for';
import { FRAMEWORKS, type FrameworkApp } from './framework-apps';

const OTEL: HttpMetricsOptions = { conventions: 'opentelemetry' };
const DURATION = 'http_server_request_duration_seconds';
/** The advised boundaries of OpenTelemetry's HTTP semantic conventions (v1.23+). */
const ADVISED_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const running: FrameworkApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

/** Each `_count` series of `name`, as `label=value ... xCount`, its labels in the order they were declared. */
async function seriesCounted(registry: Registry, name = `${DURATION}_count`): Promise<string[]> {
  const samples = await registry.getSamples();
  return samples
    .filter((s) => s.name === name)
    .map((s) => `${Object.values(s.labels).join(' ')} x${s.value}`)
    .sort();
}

async function call(url: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), ...init });
  await response.arrayBuffer();
  return response.status;
}

describe.each(FRAMEWORKS)(
  "HTTP server metrics under OpenTelemetry's conventions on %s",
  (_name, startApp) => {
    it('names the duration histogram and its labels as Prometheus stores http.server.request.duration', async () => {
      const registry = new Registry();
      let unanswered = 0;
      const app = await startApp(
        { registry, ...OTEL },
        { slow: () => Promise.resolve(), unanswered: () => void unanswered++ },
      );
      running.push(app);
      expect(await call(`${app.url}/orders/1`)).toBe(200);
      expect(await call(`${app.url}/orders/missing`)).toBe(404);
      expect(await call(`${app.url}/orders/broken`)).toBe(500);
      // A method the conventions do not know is `_OTHER`; no route matched, so no http.route.
      expect(await call(`${app.url}/orders/1`, { method: 'PROPFIND' })).toBe(404);
      await abandonRequest(`${app.url}/unanswered`, () => unanswered === 1);

      // method, route, status code, error.type, url.scheme, network.protocol.version
      await eventually(
        () => seriesCounted(registry),
        [
          'GET /orders/:id 200  http 1.1 x1',
          'GET /orders/:id 404  http 1.1 x1',
          'GET /orders/:id 500 500 http 1.1 x1',
          // The client gave up before any status went out: no status code, error.type the fallback.
          'GET /unanswered  _OTHER http 1.1 x1',
          '_OTHER  404  http 1.1 x1',
        ],
      );
      const [sample] = (await registry.getSamples()).filter((s) => s.name === `${DURATION}_count`);
      expect(Object.keys(sample.labels)).toEqual([
        'http_request_method',
        'http_route',
        'http_response_status_code',
        'error_type',
        'url_scheme',
        'network_protocol_version',
      ]);
      const bounds = (await registry.getSamples())
        .filter((s) => s.name === `${DURATION}_bucket` && s.labels.http_response_status_code === '200')
        .map((s) => s.labels.le);
      expect(bounds).toEqual([...ADVISED_BUCKETS.map(String), '+Inf']);
      expect(
        await registry.getSampleValue('http_server_active_requests', {
          http_request_method: 'GET',
          url_scheme: 'http',
        }),
      ).toBe(0);
      expect(await registry.getSingleMetric('http_request_duration_seconds')).toBeUndefined();
    });

    it('names the body size histograms as Prometheus stores http.server.request.body.size and its response twin', async () => {
      const registry = new Registry();
      const app = await startApp(
        { registry, ...OTEL, requestSize: true, responseSize: true },
        { slow: () => Promise.resolve() },
      );
      running.push(app);
      const status = await call(`${app.url}/orders`, {
        method: 'POST',
        body: 'x'.repeat(100),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(status).toBe(201);
      await eventually(
        () => seriesCounted(registry, 'http_server_request_body_size_bytes_sum'),
        ['POST /orders 201  http 1.1 x100'],
      );
      expect(await seriesCounted(registry, 'http_server_response_body_size_bytes_count')).toEqual([
        'POST /orders 201  http 1.1 x1',
      ]);
    });
  },
);

describe("honoHttpMetrics under OpenTelemetry's conventions", () => {
  it('labels a request with the route Hono matched, the scheme of its URL and no protocol version', async () => {
    const registry = new Registry();
    const app = new Hono();
    app.use(honoHttpMetrics({ registry, ...OTEL }));
    app.get('/orders/:id', (c) => (c.req.param('id') === 'broken' ? c.text('down', 503) : c.json({})));
    expect((await app.request('https://shop.example/orders/1')).status).toBe(200);
    expect((await app.request('http://shop.example/orders/broken')).status).toBe(503);
    expect(await seriesCounted(registry)).toEqual([
      'GET /orders/:id 200  https  x1',
      'GET /orders/:id 503 503 http  x1',
    ]);
  });
});

describe('translation strategy NoUTF8EscapingWithSuffixes', () => {
  let server: Server | undefined;
  afterEach(async () => {
    setNameValidationScheme('legacy');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('serves dotted names to a scraper that takes UTF-8 names and underscored ones to the others', async () => {
    setNameValidationScheme('utf-8');
    const registry = new Registry();
    const metrics = new HttpMetrics({
      registry,
      ...OTEL,
      translationStrategy: 'NoUTF8EscapingWithSuffixes',
    });
    const scrape = metricsHandler(registry);
    server = createServer(
      withHttpMetrics((req, res) => {
        if (req.url === '/metrics') return scrape(req, res);
        setRoute(req, '/hello');
        res.end('hi');
      }, metrics),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await call(`${url}/hello`)).toBe(200);

    const scraped = async (accept: string) =>
      (await fetch(`${url}/metrics`, { headers: { accept }, signal: AbortSignal.timeout(10_000) })).text();
    await waitFor(
      async () => ((await scraped('text/plain')).includes(`${DURATION}_count{`) ? true : undefined),
      {
        what: 'the request to be recorded',
        timeoutMs: 5000,
      },
    );
    expect(await scraped('text/plain;version=1.0.0;escaping=allow-utf-8')).toContain(
      '{"http.server.request.duration_seconds_count","http.request.method"="GET","http.route"="/hello","http.response.status_code"="200","error.type"="","url.scheme"="http","network.protocol.version"="1.1"} 1',
    );
    expect(await scraped('text/plain;version=0.0.4')).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/hello",http_response_status_code="200",error_type="",url_scheme="http",network_protocol_version="1.1"} 1',
    );
  });

  it('is refused while names are legacy-only, with what to do', () => {
    expect(
      () =>
        new HttpMetrics({
          registry: new Registry(),
          ...OTEL,
          translationStrategy: 'NoUTF8EscapingWithSuffixes',
        }),
    ).toThrow(
      /HTTP server metrics: option translationStrategy 'NoUTF8EscapingWithSuffixes' .* setNameValidationScheme\('utf-8'\)/,
    );
  });
});

describe.each([
  ['prometheus', 'http_requests_in_flight'],
  ['opentelemetry', 'http_server_active_requests'],
] as const)('the start of a request under the %s conventions', (conventions, inFlightName) => {
  /** Requests in flight, summed over the gauge's series. */
  async function inFlight(registry: Registry): Promise<number> {
    const samples = await registry.getSamples();
    return samples.filter((s) => s.name === inFlightName).reduce((sum, s) => sum + s.value, 0);
  }

  it('leaves excluded paths unmeasured, and forget() takes a measurement back', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics({ registry, conventions, excludePaths: ['/health'] });
    expect(metrics.begin('GET', '/metrics')).toBeUndefined();
    expect(metrics.begin('GET', '/health?verbose=1')).toBeUndefined();
    expect(await inFlight(registry)).toBe(0);

    const request = {};
    const measurement = metrics.begin('GET', '/orders/1', undefined, undefined, request);
    expect(await inFlight(registry)).toBe(1);
    metrics.forget(request);
    expect(await inFlight(registry)).toBe(0);
    measurement?.end('/orders/:id', 200);
    expect(await inFlight(registry)).toBe(0);
    const durations = (await registry.getSamples()).filter((s) => s.name.endsWith('duration_seconds_count'));
    expect(durations).toEqual([]);
  });

  it('counts a failed start instead of throwing, and the request goes unmeasured', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const metrics = new HttpMetrics({ registry: new Registry(), conventions });
    const errors = async () =>
      (await register.getSampleValue('promkit_instrumentation_errors_total', {
        metric: metrics.duration.name,
      })) ?? 0;
    const before = await errors();
    // An adapter that lost the URL: the path check throws.
    const noUrl = undefined as unknown as string;
    try {
      expect(metrics.begin('GET', noUrl, undefined, undefined, {})).toBeUndefined();
      expect(await errors()).toBe(before + 1);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the conventions options', () => {
  it('refuses an unknown convention or strategy, and a strategy without the OpenTelemetry conventions', () => {
    const registry = new Registry();
    expect(() => new HttpMetrics({ registry, conventions: 'otel' as 'opentelemetry' })).toThrow(
      new MetricConfigError(
        `HTTP server metrics: option conventions must be 'prometheus' or 'opentelemetry', got "otel"`,
      ),
    );
    expect(
      () =>
        new HttpMetrics({
          registry,
          ...OTEL,
          translationStrategy: 'NoTranslation' as 'NoUTF8EscapingWithSuffixes',
        }),
    ).toThrow(
      /option translationStrategy must be 'UnderscoreEscapingWithSuffixes' or 'NoUTF8EscapingWithSuffixes', got "NoTranslation"/,
    );
    expect(
      () => new HttpMetrics({ registry, translationStrategy: 'UnderscoreEscapingWithSuffixes' }),
    ).toThrow(/option translationStrategy applies to conventions 'opentelemetry' only/);
    // Nothing was registered by the refused recorders.
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it('keeps the Prometheus names by default', async () => {
    const registry = new Registry();
    new HttpMetrics({ registry });
    expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual([
      'http_request_duration_seconds',
      'http_requests_in_flight',
    ]);
  });
});
