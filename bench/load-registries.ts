import * as promClient from 'prom-client';
import { Counter, Registry } from '../lib';

/** The load benchmarks' family: one counter, `series` series of route, code and client; both libraries write the same text. */
function labels(i: number) {
  return { route: `/api/v1/items/${i % 1000}`, code: String(200 + (i % 5)), client: `c${i}` };
}

const LABEL_NAMES = ['route', 'code', 'client'] as const;
const HELP = 'Requests by route and code.';

export function promkitLoadRegistry(series: number): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name: 'load_requests_total',
    help: HELP,
    labelNames: LABEL_NAMES,
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < series; i++) counter.inc(labels(i));
  return registry;
}

export function promClientLoadRegistry(series: number): promClient.Registry {
  const registry = new promClient.Registry();
  const counter = new promClient.Counter({
    name: 'load_requests_total',
    help: HELP,
    labelNames: [...LABEL_NAMES],
    registers: [registry],
  });
  for (let i = 0; i < series; i++) counter.inc(labels(i));
  return registry;
}
