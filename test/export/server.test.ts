import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { type HttpServerHandle, Registry, startHttpServer } from 'promkit';
import { request } from './http-fetch';
import { sampleRegistry } from './sample-registry';

const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';

describe('startHttpServer', () => {
  let server: HttpServerHandle;

  beforeAll(async () => {
    server = await startHttpServer({ port: 0, host: '127.0.0.1', registry: sampleRegistry() });
  });
  afterAll(() => server.close());

  it('serves text 0.0.4 by default on /metrics', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    const answer = await request(server.url);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.text).toContain('requests_total{method="GET"} 3');
    expect(answer.text).toContain('temperature_celsius 21.5');
    expect(answer.text).not.toContain('# EOF');
  });

  it('serves OpenMetrics when the scraper asks for it', async () => {
    const answer = await request(server.url, { headers: { Accept: `${OPENMETRICS},text/plain;q=0.5` } });
    expect(answer.headers['content-type']).toBe(`${OPENMETRICS}; charset=utf-8`);
    expect(answer.text.endsWith('# EOF\n')).toBe(true);
  });

  it('compresses with gzip when allowed and not when refused', async () => {
    const zipped = await request(server.url, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(Number(zipped.headers['content-length'])).toBe(zipped.raw.length);
    expect(zipped.text).toContain('requests_total{method="GET"} 3');

    const refused = await request(server.url, { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.raw.toString('utf8')).toContain('requests_total');
  });

  it('restricts the output to the names asked for with name[]', async () => {
    const one = await request(`${server.url}?name[]=temperature_celsius`);
    expect(one.text).toContain('temperature_celsius 21.5');
    expect(one.text).not.toContain('requests_total');

    const both = await request(`${server.url}?name%5B%5D=temperature_celsius&name[]=requests_total`);
    expect(both.text).toContain('temperature_celsius');
    expect(both.text).toContain('requests_total');
  });

  it('answers HEAD with the headers only', async () => {
    const get = await request(server.url);
    const head = await request(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
  });

  it('answers 404 on other paths and 405 with Allow for other methods', async () => {
    const missing = await request(`http://127.0.0.1:${server.port}/other`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('/metrics');

    const post = await request(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('survives malformed and huge query strings', async () => {
    const malformed = await request(`${server.url}?name[]=%E0%A4%A&name[]=%%&&=&name[]`);
    expect(malformed.status).toBe(200);
    expect(malformed.text).not.toContain('requests_total');

    const huge = `${server.url}?${'name[]=x&'.repeat(1500)}name[]=requests_total`;
    const hugeAnswer = await request(huge);
    // Either served (names capped) or refused by node's header size limit; never a crash.
    expect([200, 431]).toContain(hugeAnswer.status);
    const after = await request(server.url);
    expect(after.status).toBe(200);
  });
});

describe('startHttpServer with auth', () => {
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  it('requires the configured basic credentials', async () => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      registry: sampleRegistry(),
      auth: { username: 'prom', password: 's3cret' },
    });
    try {
      const none = await request(server.url);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
      const wrong = await request(server.url, { headers: { Authorization: basic('prom', 'nope') } });
      expect(wrong.status).toBe(401);
      const right = await request(server.url, { headers: { Authorization: basic('prom', 's3cret') } });
      expect(right.status).toBe(200);
      expect(right.text).toContain('requests_total');
    } finally {
      await server.close();
    }
  });

  it('requires the configured bearer token', async () => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      registry: sampleRegistry(),
      auth: { bearer: 't0ken' },
    });
    try {
      const wrong = await request(server.url, { headers: { Authorization: 'Bearer t0ke' } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
      const right = await request(server.url, { headers: { Authorization: 'Bearer t0ken' } });
      expect(right.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('startHttpServer failures', () => {
  it('answers 500 with a short reason when a strict registry has a failing collector', async () => {
    const registry = new Registry(undefined, { strict: true });
    registry.registerCollector({
      collect() {
        throw new Error('database unreachable\n    at stack frame');
      },
    });
    const server = await startHttpServer({ host: '127.0.0.1', registry });
    try {
      const answer = await request(server.url);
      expect(answer.status).toBe(500);
      expect(answer.text).toBe('Error collecting metrics: database unreachable\n');
    } finally {
      await server.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const first = await startHttpServer({ host: '127.0.0.1', registry: new Registry() });
    try {
      await expect(
        startHttpServer({ host: '127.0.0.1', port: first.port, registry: new Registry() }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('startHttpServer and the process lifetime', () => {
  /** The snippet of docs/exporting.md as a script of its own, with `options` added to its startHttpServer call. */
  const script = (options: string) => `
    require('ts-node').register({ transpileOnly: true });
    const { Counter, Registry, startHttpServer } = require(${JSON.stringify(join(__dirname, '../../lib'))});
    const registry = new Registry();
    new Counter({ name: 'jobs_processed_total', help: 'Jobs processed', registers: [registry] }).inc(3);
    startHttpServer({ host: '127.0.0.1', registry${options} }).then((s) => console.log('listening ' + s.url));
  `;

  /** Runs the script; `listening` resolves with its URL (or with undefined if it exits first). */
  function startChild(options: string) {
    const child = spawn(process.execPath, ['-e', script(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Loading the sources takes long on a busy machine; a child still running after this is killed.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 40_000);
    let output = '';
    child.stderr.on('data', (c) => (output += c));
    const exit = once(child, 'exit').finally(() => clearTimeout(deadline));
    const listening = new Promise<string | undefined>((resolve) => {
      child.stdout.on('data', (c) => {
        output += c;
        const url = /listening (\S+)/.exec(output)?.[1];
        if (url !== undefined) resolve(url);
      });
      void exit.then(() => resolve(undefined));
    });
    return { child, listening, exit, output: () => output };
  }

  it('keeps the process running by default, as a Node server does, until it is scraped and stopped', async () => {
    const { child, listening, exit, output } = startChild('');
    try {
      const url = await listening;
      expect(url).toBeDefined();
      // Long enough for a process with nothing keeping it alive to have exited.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(child.exitCode).toBeNull();
      const answer = await request(url!);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('jobs_processed_total 3');
    } finally {
      child.kill('SIGTERM');
    }
    const [code, signal] = await exit;
    expect({ code, signal, output: output().replace(/^listening .*\n/, '') }).toEqual({
      code: null,
      signal: 'SIGTERM',
      output: '',
    });
  });

  it('lets the process exit with keepAlive: false', async () => {
    const { child, listening, exit, output } = startChild(', keepAlive: false');
    try {
      expect(await listening).toBeDefined();
      const [code, signal] = await exit;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(output()).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\/metrics\n$/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
