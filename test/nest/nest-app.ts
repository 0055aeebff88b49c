import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Controller, Get, type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

/** A health check, the route apps typically leave out of their HTTP metrics. */
@Controller('health')
export class HealthController {
  @Get()
  check() {
    return 'ok';
  }
}

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

export interface RunningApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

const running = new Set<RunningApp>();

/** Builds a Nest app from module metadata and listens on 127.0.0.1 with a free port. */
export async function startApp(
  platform: Platform,
  metadata: ModuleMetadata,
  configure?: (app: INestApplication) => void,
): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  configure?.(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const handle: RunningApp = {
    app,
    url,
    close: async () => {
      running.delete(handle);
      await app.close();
    },
  };
  running.add(handle);
  return handle;
}

/** Closes whatever a failed test left running; call from afterEach. */
export async function closeAllApps(): Promise<void> {
  await Promise.all([...running].map((a) => a.close()));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A GET that hands back the bytes as sent (fetch would decompress them); over
 * HTTPS when the URL says so, trusting only `ca` when given.
 */
export function rawGet(url: string, headers: Record<string, string> = {}, ca?: Buffer): Promise<RawResponse> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, ca, timeout: 5000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export async function getText(
  url: string,
  headers: Record<string, string> = {},
): Promise<RawResponse & { text: string }> {
  const res = await rawGet(url, headers);
  return { ...res, text: res.body.toString('utf8') };
}

/** The value of one sample line in a text exposition, or undefined when absent. */
export function sampleValue(exposition: string, series: string): number | undefined {
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1).split(' ')[0]);
  }
  return undefined;
}
