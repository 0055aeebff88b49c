import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { expressHttpMetrics, Registry } from 'promkit';
import { waitFor } from '../support/wait-for';

/**
 * Routers mounted at a path: a request that leaves its router (a thrown
 * error, or `next()` when nothing else in the router matches) is still
 * labelled with the mount path plus the route's own path.
 */
function routerFor(name: string): express.Router {
  const router = express.Router();
  router.get('/:id', (req, res) => {
    res.send(`${name} ${req.params.id}`);
  });
  router.get('/:id/fail', () => {
    throw new Error(`${name} failed`);
  });
  router.get('/:id/later', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(`${name} failed later`);
  });
  router.get('/:id/pass', (_req, _res, next) => {
    next();
  });
  return router;
}

interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/** An Express app measured into `registry`, with the routes `addRoutes` adds. */
async function startApp(registry: Registry, addRoutes: (app: express.Express) => void): Promise<RunningApp> {
  const app = express();
  app.use(expressHttpMetrics({ registry, exemplars: 'none' }));
  addRoutes(app);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function mountRouters(app: express.Express): void {
  const v1 = express.Router();
  v1.use('/users', routerFor('user'));
  app.use('/api/v1', v1);
  app.use('/api/v1/orders', routerFor('order'));
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(503).send(error.message);
  });
}

async function counted(registry: Registry): Promise<string[]> {
  return (await registry.getSamples())
    .filter((s) => s.name === 'http_request_duration_seconds_count')
    .map((s) => `${s.labels.route} ${s.labels.status_code} x${s.value}`)
    .sort();
}

describe(`Express ${require('express/package.json').version} routers mounted at a path`, () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('keep the mount path in the route of requests that fail or fall through', async () => {
    const registry = new Registry();
    app = await startApp(registry, mountRouters);
    const statuses: Record<string, number> = {};
    for (const path of [
      '/api/v1/users/7',
      '/api/v1/users/7/fail',
      '/api/v1/users/8/later',
      '/api/v1/users/7/pass',
      '/api/v1/orders/9/fail',
      '/api/v1/orders/9/pass',
    ]) {
      const response = await fetch(app.url + path, { signal: AbortSignal.timeout(5000) });
      await response.text();
      statuses[path] = response.status;
    }
    expect(statuses).toEqual({
      '/api/v1/users/7': 200,
      '/api/v1/users/7/fail': 503,
      '/api/v1/users/8/later': 503,
      '/api/v1/users/7/pass': 404,
      '/api/v1/orders/9/fail': 503,
      '/api/v1/orders/9/pass': 404,
    });
    const expected = [
      '/api/v1/orders/:id/fail 503 x1',
      '/api/v1/orders/:id/pass 404 x1',
      '/api/v1/users/:id 200 x1',
      '/api/v1/users/:id/fail 503 x1',
      '/api/v1/users/:id/later 503 x1',
      '/api/v1/users/:id/pass 404 x1',
    ];
    let last: string[] = [];
    await waitFor(
      async () => {
        last = await counted(registry);
        return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
      },
      { what: 'every request to be recorded', timeoutMs: 5000, intervalMs: 20 },
      () => `recorded ${JSON.stringify(last)}`,
    );
  });

  it('label a route matched after a router was left with that route alone', async () => {
    const registry = new Registry();
    app = await startApp(registry, (server) => {
      const router = express.Router();
      router.get('/:id', (_req, _res, next) => next());
      server.use('/items', router);
      server.get('/items/:name', (_req, res) => {
        res.send('app');
      });
    });
    expect(await (await fetch(`${app.url}/items/3`)).text()).toBe('app');
    await waitFor(async () => ((await counted(registry)).length > 0 ? true : undefined), {
      what: 'the request to be recorded',
      timeoutMs: 5000,
      intervalMs: 20,
    });
    expect(await counted(registry)).toEqual(['/items/:name 200 x1']);
  });
});
