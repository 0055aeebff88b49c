import { gunzipSync } from 'node:zlib';
import {
  type CallHandler,
  type CanActivate,
  ClassSerializerInterceptor,
  Controller,
  type ExecutionContext,
  ForbiddenException,
  Get,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { Counter, Registry } from 'promkit';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from 'promkit/exposition';
import { isPublicMetricsRoute, MetricsModule, type MetricsModuleRootOptions } from 'promkit/nest';
import { map } from 'rxjs';
import { closeAllApps, getText, PLATFORMS, type Platform, rawGet, sampleValue, startApp } from './nest-app';

@Injectable()
class WrapInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(map((data) => ({ data })));
  }
}

const IS_PUBLIC = 'app:is-public';
const Public = () => SetMetadata(IS_PUBLIC, true);

/** An app's global guard that lets only requests with a session through. */
@Injectable()
class SessionGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    if (isPublicMetricsRoute(context)) return true;
    if (this.reflector.getAllAndOverride(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest();
    return request.headers['x-session'] === 'ok';
  }
}

/** A guard that ignores promkit's marker and only honours the app's own `@Public()`. */
@Injectable()
class StrictSessionGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }
}

@Injectable()
class LocalOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest().headers['x-scraper'] !== 'prometheus') {
      throw new ForbiddenException('scrapers only');
    }
    return true;
  }
}

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [{ id: 1 }];
  }
}

function metricsApp(platform: Platform, options: MetricsModuleRootOptions, providers: any[] = []) {
  const registry = options.registry ?? new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs done.', registers: [registry] }).inc(3);
  return startApp(platform, {
    imports: [MetricsModule.forRoot({ defaultMetrics: false, httpMetrics: false, registry, ...options })],
    controllers: [ThingsController],
    providers,
  });
}

afterEach(closeAllApps);

describe.each(PLATFORMS)('the metrics endpoint on %s', (platform) => {
  it('serves the text format by default', async () => {
    const { url } = await metricsApp(platform, {});
    const res = await getText(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(sampleValue(res.text, 'jobs_total')).toBe(3);
    expect(res.text).not.toContain('# EOF');
  });

  it('serves OpenMetrics to scrapers that ask for it, unless turned off', async () => {
    const accept = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';
    const on = await metricsApp(platform, {});
    const om = await getText(`${on.url}/metrics`, { accept });
    expect(om.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(om.text.endsWith('# EOF\n')).toBe(true);
    expect(om.text).toContain('# TYPE jobs counter');

    const off = await metricsApp(platform, { openMetrics: false });
    const text = await getText(`${off.url}/metrics`, { accept });
    expect(text.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
  });

  it('compresses when the scraper accepts gzip, and not when gzip is off', async () => {
    const { url } = await metricsApp(platform, {});
    const zipped = await rawGet(`${url}/metrics`, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(sampleValue(gunzipSync(zipped.body).toString('utf8'), 'jobs_total')).toBe(3);

    const plain = await rawGet(`${url}/metrics`);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const off = await metricsApp(platform, { gzip: false });
    const unzipped = await rawGet(`${off.url}/metrics`, { 'accept-encoding': 'gzip' });
    expect(unzipped.headers['content-encoding']).toBeUndefined();
    expect(sampleValue(unzipped.body.toString('utf8'), 'jobs_total')).toBe(3);
  });

  it('serves on a custom path and nowhere else', async () => {
    const { url } = await metricsApp(platform, { path: 'internal/prometheus' });
    expect(sampleValue((await getText(`${url}/internal/prometheus`)).text, 'jobs_total')).toBe(3);
    expect((await getText(`${url}/metrics`)).status).toBe(404);
  });

  it('serves no endpoint with controller: false', async () => {
    const { url } = await metricsApp(platform, { controller: false });
    expect((await getText(`${url}/metrics`)).status).toBe(404);
  });

  it('stays raw text under a global interceptor that wraps responses', async () => {
    const { url } = await metricsApp(platform, {}, [{ provide: APP_INTERCEPTOR, useClass: WrapInterceptor }]);
    expect((await getText(`${url}/things`)).text).toBe('{"data":[{"id":1}]}');
    const res = await getText(`${url}/metrics`);
    expect(res.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(res.text.startsWith('# HELP jobs_total')).toBe(true);
  });

  it('stays raw text under a global ClassSerializerInterceptor', async () => {
    const { url } = await metricsApp(platform, {}, [
      { provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor },
    ]);
    const res = await getText(`${url}/metrics`);
    expect(res.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(sampleValue(res.text, 'jobs_total')).toBe(3);
  });

  it('lets a global auth guard exempt the endpoint with isPublicMetricsRoute', async () => {
    const { url } = await metricsApp(platform, {}, [{ provide: APP_GUARD, useClass: SessionGuard }]);
    expect((await getText(`${url}/things`)).status).toBe(403);
    expect((await getText(`${url}/things`, { 'x-session': 'ok' })).status).toBe(200);
    expect(sampleValue((await getText(`${url}/metrics`)).text, 'jobs_total')).toBe(3);
  });

  it("applies the app's own public marker through controllerDecorators", async () => {
    const guard = [{ provide: APP_GUARD, useClass: StrictSessionGuard }];
    const without = await metricsApp(platform, {}, guard);
    expect((await getText(`${without.url}/metrics`)).status).toBe(403);
    const marked = await metricsApp(platform, { controllerDecorators: [Public()] }, guard);
    expect((await getText(`${marked.url}/metrics`)).status).toBe(200);
  });

  it('requires the configured basic auth credentials', async () => {
    const { url } = await metricsApp(platform, { auth: { username: 'prom', password: 's3cret' } });
    const denied = await getText(`${url}/metrics`);
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toContain('Basic');
    const wrong = Buffer.from('prom:guess').toString('base64');
    expect((await getText(`${url}/metrics`, { authorization: `Basic ${wrong}` })).status).toBe(401);
    const right = Buffer.from('prom:s3cret').toString('base64');
    const ok = await getText(`${url}/metrics`, { authorization: `Basic ${right}` });
    expect(sampleValue(ok.text, 'jobs_total')).toBe(3);
    expect((await getText(`${url}/metrics`, { authorization: `basic ${right}` })).status).toBe(200);
  });

  it('requires the configured bearer token', async () => {
    const { url } = await metricsApp(platform, { auth: { bearer: 'tok-123' } });
    expect((await getText(`${url}/metrics`, { authorization: 'Bearer tok-12' })).status).toBe(401);
    const ok = await getText(`${url}/metrics`, { authorization: 'Bearer tok-123' });
    expect(ok.status).toBe(200);
    // RFC 7235: the scheme is case-insensitive.
    expect((await getText(`${url}/metrics`, { authorization: 'bearer tok-123' })).status).toBe(200);
    expect((await getText(`${url}/metrics`, { authorization: 'BEARER tok-123' })).status).toBe(200);
  });

  it('runs the guards given in the options before each scrape', async () => {
    const { url } = await metricsApp(platform, { guards: [LocalOnlyGuard] });
    expect((await getText(`${url}/metrics`)).status).toBe(403);
    expect((await getText(`${url}/metrics`, { 'x-scraper': 'prometheus' })).status).toBe(200);
  });
});
