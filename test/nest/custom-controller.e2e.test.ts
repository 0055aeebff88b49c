import { gunzipSync } from 'node:zlib';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { Counter, Registry } from 'promkit';
import { OPENMETRICS_CONTENT_TYPE } from 'promkit/exposition';
import { MetricsController, MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, PLATFORMS, type Platform, rawGet, sampleValue, startApp } from './nest-app';

afterEach(closeAllApps);

/** The pattern of @willsoto/nestjs-prometheus's docs: a subclass replaces the route and calls `super.index`. */
@Controller()
class CountingController extends MetricsController {
  static calls = 0;

  @Get()
  @Header('X-Scraped-By', 'custom')
  override async index(@Res() response: unknown) {
    CountingController.calls++;
    return super.index(response);
  }
}

/** The newer form of the pattern: the response passed through to Nest. */
@Controller()
class PassthroughController extends MetricsController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}

async function appWith(platform: Platform, controller: typeof MetricsController) {
  const registry = new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs done.', registers: [registry] }).inc(3);
  const app = await startApp(platform, {
    imports: [
      MetricsModule.forRoot({ registry, defaultMetrics: false, controller, auth: { bearer: 'token' } }),
    ],
  });
  return { ...app, registry };
}

describe.each(PLATFORMS)('a MetricsController subclass calling super.index(response) on %s', (platform) => {
  it.each([CountingController, PassthroughController])(
    '%p serves the scrape as the built-in route does',
    async (controller) => {
      const before = CountingController.calls;
      const { url } = await appWith(platform, controller);
      const auth = { authorization: 'Bearer token' };

      const text = await getText(`${url}/metrics`, auth);
      expect(text.status).toBe(200);
      expect(sampleValue(text.text, 'jobs_total')).toBe(3);
      expect(text.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);

      const openMetrics = await rawGet(`${url}/metrics`, {
        ...auth,
        accept: OPENMETRICS_CONTENT_TYPE,
        'accept-encoding': 'gzip',
      });
      expect(openMetrics.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
      expect(gunzipSync(openMetrics.body).toString('utf8')).toMatch(/# EOF\n$/);

      expect((await getText(`${url}/metrics`)).status).toBe(401);
      if (controller === CountingController) {
        expect(CountingController.calls - before).toBe(3);
        expect(text.headers['x-scraped-by']).toBe('custom');
      }
      // The app is still healthy: the scrape was written once, nothing failed after it.
      expect((await getText(`${url}/metrics`, auth)).status).toBe(200);
    },
  );
});
