import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Counter, type MetricsServerOptions, Registry } from 'promkit';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from 'promkit/exposition';
import { MetricsLifecycle, MetricsModule, type MetricsModuleOptions } from 'promkit/nest';
import { heldRegistry, scrapes, statuses } from '../reliability/held-registry';
import { closeAllApps, PLATFORMS, rawGet, startApp } from './nest-app';

afterEach(closeAllApps);

const PROTOBUF_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,text/plain;version=0.0.4;q=0.5';

/** Options as plain JavaScript or `any`-typed configuration hands them over. */
const untyped = (options: Record<string, unknown>) => options as any;

function registryWithJobs(): Registry {
  const registry = new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc(3);
  return registry;
}

/** An app whose module has these options; returns the URL of the endpoint it serves scrapes on. */
async function endpoint(
  options: MetricsModuleOptions,
  platform: (typeof PLATFORMS)[number] = 'express',
): Promise<string> {
  const { app, url } = await startApp(platform, {
    imports: [MetricsModule.forRoot({ defaultMetrics: false, httpMetrics: false, ...options })],
  });
  return app.get(MetricsLifecycle).metricsServer?.url ?? `${url}/metrics`;
}

describe('MetricsModule takes every option of the standalone metrics server', () => {
  it('as one type: every MetricsServerOptions key is a MetricsModuleOptions key', () => {
    type Missing = Exclude<keyof MetricsServerOptions, keyof MetricsModuleOptions>;
    const missing: [Missing] extends [never] ? 'none' : Missing = 'none';
    expect(missing).toBe('none');
  });

  describe.each(PLATFORMS)('protobuf, through the app endpoint on %s', (platform) => {
    it('is served to a scraper that asks for it, and never with protobuf: false', async () => {
      const served = await rawGet(await endpoint({ registry: registryWithJobs() }, platform), {
        accept: PROTOBUF_ACCEPT,
      });
      expect(served.headers['content-type']).toBe(PROTOBUF_CONTENT_TYPE);
      expect(served.body.includes('jobs_total')).toBe(true);

      const refused = await rawGet(
        await endpoint({ registry: registryWithJobs(), protobuf: false }, platform),
        { accept: PROTOBUF_ACCEPT },
      );
      expect(refused.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(refused.body.toString()).toContain('jobs_total 3');
    });
  });

  describe('on the separate server on `port`', () => {
    const onPort = (options: MetricsModuleOptions) =>
      endpoint({ registry: registryWithJobs(), port: 0, host: '127.0.0.1', ...options });

    it('protobuf: false', async () => {
      const url = await onPort({ protobuf: false });
      expect((await rawGet(url, { accept: PROTOBUF_ACCEPT })).headers['content-type']).toBe(
        PROMETHEUS_CONTENT_TYPE,
      );
      expect((await rawGet(await onPort({}), { accept: PROTOBUF_ACCEPT })).headers['content-type']).toBe(
        PROTOBUF_CONTENT_TYPE,
      );
    });

    it('openMetrics, gzip and auth', async () => {
      const url = await onPort({ openMetrics: false, gzip: true, auth: { bearer: 'scrape-token' } });
      expect((await rawGet(url)).status).toBe(401);
      const answer = await rawGet(url, {
        authorization: 'Bearer scrape-token',
        accept: OPENMETRICS_CONTENT_TYPE,
        'accept-encoding': 'gzip',
      });
      expect(answer.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(answer.body).toString()).toContain('jobs_total 3');
    });

    it('maxInFlight', async () => {
      const { registry, release } = heldRegistry();
      const url = await onPort({ registry, maxInFlight: 1 });
      const answers = await scrapes(3, 2, release, (i) => rawGet(`${url}?name[]=backlog&name[]=x${i}`));
      expect(statuses(answers)).toEqual({ 200: 1, 503: 2 });
    });

    describe('tls', () => {
      let dir: string;
      let tls: { cert: Buffer; key: Buffer };

      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'promkit-tls-'));
        const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
        execFileSync(
          'openssl',
          // biome-ignore format: one option and its value a pair
          ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
            '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
          { stdio: 'ignore', timeout: 20_000 },
        );
        tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
      });

      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it('serves HTTPS with the certificate, the app itself untouched', async () => {
        const url = await onPort({ tls });
        expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
        const answer = await rawGet(url, {}, tls.cert);
        expect(answer.status).toBe(200);
        expect(answer.body.toString()).toContain('jobs_total 3');
      });

      it('hides the private key when the options are refused', () => {
        const key = tls.key.toString();
        let message = '';
        try {
          MetricsModule.forRoot(untyped({ tls: { cert: 42, key } }));
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toBe('MetricsModule.forRoot(): tls.cert must be a string or a Buffer, got 42');
        expect(() => MetricsModule.forRoot(untyped({ tls: { cert: tls.cert } }))).toThrow(
          'MetricsModule.forRoot(): tls needs both cert and key',
        );
        expect(() => MetricsModule.forRoot(untyped({ tls: { cert: tls.cert, kee: key } }))).toThrow(
          /^MetricsModule\.forRoot\(\): unknown option "tls\.kee" \(\(a string, hidden\)\); did you mean "tls\.key"\?/,
        );
      });

      it('takes the same certificate read again by a second forRoot as the same options', () => {
        const again = { cert: Buffer.from(tls.cert), key: Buffer.from(tls.key) };
        expect(MetricsModule.forRoot({ port: 0, tls: again })).toBe(MetricsModule.forRoot({ port: 0, tls }));
      });
    });
  });

  it('keepAlive: false lets a program whose app has finished exit with the separate server open', async () => {
    const lib = join(__dirname, '..', '..', 'lib');
    const script = `
      require('ts-node').register({ transpileOnly: true });
      const { Module } = require('@nestjs/common');
      const { NestFactory } = require('@nestjs/core');
      const { Registry } = require(${JSON.stringify(lib)});
      const { MetricsLifecycle, MetricsModule } = require(${JSON.stringify(join(lib, 'nest'))});
      class AppModule {}
      Module({ imports: [MetricsModule.forRoot({
        registry: new Registry(), defaultMetrics: false, httpMetrics: false,
        port: 0, host: '127.0.0.1', keepAlive: false,
      })] })(AppModule);
      NestFactory.createApplicationContext(AppModule, { logger: false })
        .then((app) => console.log('listening ' + app.get(MetricsLifecycle).metricsServer.url));
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Loading Nest and the sources takes long on a busy machine; a child still running after this is killed.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 40_000);
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    try {
      const [code, signal] = await once(child, 'exit');
      expect({ code, signal, output }).toEqual({
        code: 0,
        signal: null,
        output: expect.stringMatching(/^listening http:\/\/127\.0\.0\.1:\d+\/metrics\n$/),
      });
    } finally {
      clearTimeout(deadline);
      child.kill('SIGKILL');
    }
  }, 45_000);

  it('checks protobuf and keepAlive as the other scrape options', () => {
    expect(() => MetricsModule.forRoot(untyped({ protobuf: 'no' }))).toThrow(
      "MetricsModule.forRoot(): protobuf must be a boolean, got 'no'",
    );
    expect(() => MetricsModule.forRoot(untyped({ keepAlive: 1 }))).toThrow(
      'MetricsModule.forRoot(): keepAlive must be a boolean, got 1',
    );
    expect(() => MetricsModule.forRoot({ port: 0, protobuf: false, keepAlive: false })).not.toThrow();
  });
});
