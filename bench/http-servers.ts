import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
 * The servers `http.bench.ts` loads: a hello-world route on each framework,
 * bare and measured, all in this one process on loopback ports, plus a
 * control server answering with this process's CPU time (`process.cpuUsage()`
 * in microseconds), so the driver can tell what each run cost the server
 * whatever else the machine is doing. Prints `{ variant: port }` as one JSON
 * line once every server listens, and exits when its parent closes stdin.
 */

const HELLO = 'hello world';

function express5(measure: 'bare' | 'promkit' | 'express-prom-bundle'): RequestListener {
  const app = express();
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

function koa(measured: boolean): RequestListener {
  const app = new Koa();
  if (measured) app.use(koaHttpMetrics({ registry: new Registry() }));
  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.body = HELLO;
  });
  app.use(router.routes());
  return app.callback();
}

function nodeHttp(measured: boolean): RequestListener {
  if (!measured) return (_req, res) => res.end(HELLO);
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

async function fastify(measured: boolean): Promise<number> {
  const app = Fastify();
  if (measured) await app.register(fastifyHttpMetrics, { registry: new Registry() });
  app.get('/hello', async () => HELLO);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const ports: Record<string, number> = {
    cpu: await listen(createServer((_req, res) => res.end(JSON.stringify(process.cpuUsage())))),
    'node:http bare': await listen(createServer(nodeHttp(false))),
    'node:http + promkit': await listen(createServer(nodeHttp(true))),
    'Express bare': await listen(createServer(express5('bare'))),
    'Express + promkit': await listen(createServer(express5('promkit'))),
    'Express + express-prom-bundle': await listen(createServer(express5('express-prom-bundle'))),
    'Fastify bare': await fastify(false),
    'Fastify + promkit': await fastify(true),
    'Koa bare': await listen(createServer(koa(false))),
    'Koa + promkit': await listen(createServer(koa(true))),
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
