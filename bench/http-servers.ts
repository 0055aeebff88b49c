import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import Router from '@koa/router';
import express from 'express';
import promBundle from 'express-prom-bundle';
import Fastify from 'fastify';
import Koa from 'koa';
import * as promClient from 'prom-client';
import {
  expressHttpMetrics,
  fastifyHttpMetrics,
  koaHttpMetrics,
  Registry,
  setRoute,
  withHttpMetrics,
} from '../lib';

/**
 * One of the servers `http.bench.ts` drives, named by the first argument: a
 * hello-world route on a framework, bare or measured, on a loopback port,
 * plus a control server answering with this process's CPU time
 * (`process.cpuUsage()` in microseconds), so the driver can tell what each
 * run cost the server whatever else the machine is doing. One server per
 * process, as an app runs: servers sharing a process would share its heap,
 * its collector and what V8 learns about Node's own HTTP code. Prints
 * `{ cpu, server }` ports as one JSON line once both listen, and exits when
 * its parent closes stdin.
 */

const HELLO = 'hello world';

type Measure = 'bare' | 'floor' | 'promkit';

/** Where the floor's measurements go (reported with the CPU time), so none of its work is optimised away. */
let floorSeconds = 0;

/**
 * The least any per-request measurement does: read the clock when the request
 * arrives and again when its response closes (the one event that ends every
 * response, finished or aborted), through a listener of its own.
 */
function measureFloor(res: ServerResponse): void {
  const start = performance.now();
  res.on('close', () => {
    floorSeconds += (performance.now() - start) / 1000;
  });
}

function express5(measure: Measure | 'express-prom-bundle'): RequestListener {
  const app = express();
  if (measure === 'floor') {
    app.use((_req, res, next) => {
      measureFloor(res);
      next();
    });
  }
  if (measure === 'promkit') app.use(expressHttpMetrics({ registry: new Registry() }));
  if (measure === 'express-prom-bundle') {
    app.use(
      promBundle({
        includeMethod: true,
        includePath: true,
        includeUp: false,
        autoregister: false,
        promRegistry: new promClient.Registry(),
      }),
    );
  }
  app.get('/hello', (_req, res) => {
    res.send(HELLO);
  });
  return app;
}

function koa(measure: Measure): RequestListener {
  const app = new Koa();
  if (measure === 'floor') {
    app.use((ctx, next) => {
      measureFloor(ctx.res);
      return next();
    });
  }
  if (measure === 'promkit') app.use(koaHttpMetrics({ registry: new Registry() }));
  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.body = HELLO;
  });
  app.use(router.routes());
  return app.callback();
}

function nodeHttp(measure: Measure): RequestListener {
  if (measure === 'bare') return (_req, res) => res.end(HELLO);
  if (measure === 'floor') {
    return (_req, res) => {
      measureFloor(res);
      res.end(HELLO);
    };
  }
  return withHttpMetrics(
    (req, res) => {
      setRoute(req, '/hello');
      res.end(HELLO);
    },
    { registry: new Registry() },
  );
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function fastify(measure: Measure): Promise<number> {
  const app = Fastify();
  if (measure === 'floor') {
    app.addHook('onRequest', (_request, reply, done) => {
      measureFloor(reply.raw);
      done();
    });
  }
  if (measure === 'promkit') await app.register(fastifyHttpMetrics, { registry: new Registry() });
  app.get('/hello', async () => HELLO);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

/** Each server the bench drives, by the name its table row carries. */
const VARIANTS: Record<string, () => Promise<number>> = {
  'node:http bare': () => listen(createServer(nodeHttp('bare'))),
  'node:http + floor': () => listen(createServer(nodeHttp('floor'))),
  'node:http + promkit': () => listen(createServer(nodeHttp('promkit'))),
  'Express bare': () => listen(createServer(express5('bare'))),
  'Express + floor': () => listen(createServer(express5('floor'))),
  'Express + promkit': () => listen(createServer(express5('promkit'))),
  'Express + express-prom-bundle': () => listen(createServer(express5('express-prom-bundle'))),
  'Fastify bare': () => fastify('bare'),
  'Fastify + floor': () => fastify('floor'),
  'Fastify + promkit': () => fastify('promkit'),
  'Koa bare': () => listen(createServer(koa('bare'))),
  'Koa + floor': () => listen(createServer(koa('floor'))),
  'Koa + promkit': () => listen(createServer(koa('promkit'))),
};

async function main(): Promise<void> {
  const variant = process.argv[2];
  const start = Object.hasOwn(VARIANTS, variant) ? VARIANTS[variant] : undefined;
  if (start === undefined) throw new Error(`unknown server ${JSON.stringify(variant)}`);
  const ports = {
    cpu: await listen(
      createServer((_req, res) => res.end(JSON.stringify({ ...process.cpuUsage(), floorSeconds }))),
    ),
    server: await start(),
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
