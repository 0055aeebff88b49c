import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import {
  expressHttpMetrics,
  fastifyHttpMetrics,
  HttpMetrics,
  koaHttpMetrics,
  setRoute,
  withHttpMetrics,
} from 'promkit';
import type { HttpMetricsSource } from '../../lib/http-metrics';

/**
 * The same small API on each framework, measured by its adapter:
 * GET /orders/:id (200; `missing` 404, `teapot` 418, `broken` throws -> 500),
 * GET /api/items/:id (under a router prefix), POST /orders (201 with the
 * received byte count), GET /slow (answers when the test releases it),
 * GET /unanswered (throws, and the app's error handling sends nothing),
 * /health, /metrics and /internal/* (200, for exclusion tests).
 */
export interface FrameworkApp {
  readonly url: string;
  close(): Promise<void>;
}

export interface AppHooks {
  /** Called when /slow has started; its answer waits for the returned promise. */
  readonly slow: () => Promise<void>;
  /** Called when /unanswered has been routed, just before it throws. */
  readonly unanswered?: () => void;
}

/** What /unanswered throws: the app's error handling swallows it without responding. */
class LeftUnanswered extends Error {}

function failUnanswered(hooks: AppHooks): never {
  hooks.unanswered?.();
  throw new LeftUnanswered('handled elsewhere, never answered');
}

export type StartApp = (metrics: HttpMetricsSource, hooks: AppHooks) => Promise<FrameworkApp>;

function order(id: string): { status: number; body: unknown } {
  if (id === 'missing') return { status: 404, body: { error: `order ${id} not found` } };
  if (id === 'teapot') return { status: 418, body: { error: 'short and stout' } };
  if (id === 'broken') throw new Error('database down');
  return { status: 200, body: { id } };
}

function listen(server: Server): Promise<FrameworkApp> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function bodyBytes(req: IncomingMessage): Promise<number> {
  let bytes = 0;
  for await (const chunk of req) bytes += (chunk as Buffer).length;
  return bytes;
}

export const startExpress: StartApp = (metrics, hooks) => {
  const app = express();
  app.use(expressHttpMetrics(metrics));
  app.get('/orders/:id', (req, res) => {
    const { status, body } = order(req.params.id);
    res.status(status).json(body);
  });
  app.post('/orders', async (req, res) => {
    res.status(201).json({ received: await bodyBytes(req) });
  });
  const api = express.Router();
  api.get('/items/:id', (_req, res) => {
    res.send('item');
  });
  app.use('/api', api);
  app.get('/slow', async (_req, res) => {
    await hooks.slow();
    res.send('done');
  });
  for (const path of ['/health', '/metrics', '/internal/:part']) app.get(path, (_req, res) => res.send('ok'));
  app.get('/unanswered', () => failUnanswered(hooks));
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    if (!(error instanceof LeftUnanswered)) next(error);
  });
  return listen(createServer(app));
};

export const startFastify: StartApp = async (metrics, hooks) => {
  const app = Fastify();
  await app.register(fastifyHttpMetrics, metrics instanceof HttpMetrics ? { metrics } : metrics);
  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const { status, body } = order(request.params.id);
    return reply.code(status).send(body);
  });
  app.addContentTypeParser('*', (_request, payload, done) => {
    bodyBytes(payload).then((n) => done(null, n), done);
  });
  app.post('/orders', async (request, reply) => reply.code(201).send({ received: request.body }));
  await app.register(
    async (api) => {
      api.get('/items/:id', async () => 'item');
    },
    { prefix: '/api' },
  );
  app.get('/slow', async () => {
    await hooks.slow();
    return 'done';
  });
  for (const path of ['/health', '/metrics', '/internal/:part']) app.get(path, async () => 'ok');
  app.get('/unanswered', async (_request, reply) => {
    // The handler took the response over (to stream it, say) and then failed: Fastify sends nothing.
    reply.hijack();
    failUnanswered(hooks);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
};

export const startKoa: StartApp = (metrics, hooks) => {
  const app = new Koa();
  app.silent = true;
  app.use(koaHttpMetrics(metrics));
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof LeftUnanswered)) throw error;
      ctx.respond = false;
    }
  });
  const router = new Router();
  router.get('/unanswered', () => failUnanswered(hooks));
  router.get('/orders/:id', (ctx) => {
    const { status, body } = order(ctx.params.id);
    ctx.status = status;
    ctx.body = body;
  });
  router.post('/orders', async (ctx) => {
    ctx.status = 201;
    ctx.body = { received: await bodyBytes(ctx.req) };
  });
  router.get('/slow', async (ctx) => {
    await hooks.slow();
    ctx.body = 'done';
  });
  for (const path of ['/health', '/metrics', '/internal/:part'])
    router.get(path, (ctx) => {
      ctx.body = 'ok';
    });
  const api = new Router({ prefix: '/api' });
  api.get('/items/:id', (ctx) => {
    ctx.body = 'item';
  });
  app.use(router.routes());
  app.use(api.routes());
  return listen(createServer(app.callback()));
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  // Headers given to writeHead() directly are not readable with getHeader(), so the size would be unknown.
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

export const startNodeHttp: StartApp = (metrics, hooks) => {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const orderId = /^\/orders\/([^/]+)$/.exec(path)?.[1];
    if (req.method === 'GET' && orderId !== undefined) {
      setRoute(req, '/orders/:id');
      const { status, body } = order(orderId);
      return send(res, status, body);
    }
    if (req.method === 'POST' && path === '/orders') {
      setRoute(req, '/orders');
      return send(res, 201, { received: await bodyBytes(req) });
    }
    if (/^\/api\/items\/[^/]+$/.test(path)) {
      setRoute(req, '/api/items/:id');
      return send(res, 200, 'item');
    }
    if (path === '/slow') {
      setRoute(req, '/slow');
      await hooks.slow();
      return send(res, 200, 'done');
    }
    if (path === '/health' || path === '/metrics' || path.startsWith('/internal/'))
      return send(res, 200, 'ok');
    if (path === '/unanswered') {
      setRoute(req, '/unanswered');
      failUnanswered(hooks);
    }
    send(res, 404, 'not found');
  };
  const server = createServer(
    withHttpMetrics((req, res) => {
      handle(req, res).catch((error) => {
        if (!(error instanceof LeftUnanswered)) send(res, 500, 'internal error');
      });
    }, metrics),
  );
  return listen(server);
};

export const FRAMEWORKS: ReadonlyArray<[string, StartApp]> = [
  ['Express', startExpress],
  ['Fastify', startFastify],
  ['Koa with @koa/router', startKoa],
  ['node:http', startNodeHttp],
];
