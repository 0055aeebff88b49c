import * as prometheusIo from '@prometheus-io/client';
import * as promClient from 'prom-client';
import * as promkit from '../lib';
import { formatNs, measure, measureAsync, type Row } from './harness';

/** The prom-client API surface the three libraries share; benchmarks are written once against it. */
type Lib = typeof promkit;

export const LIBRARIES: Record<string, Lib> = {
  promkit,
  'prom-client': promClient as unknown as Lib,
  '@prometheus-io/client': prometheusIo as unknown as Lib,
};

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/orders', '/orders/:id', '/users', '/users/:id', '/health'];
const CODES = ['200', '201', '404', '500'];

interface Scenario {
  name: string;
  iterations: number;
  setup(lib: Lib): (n: number) => void;
}

const scenarios: Scenario[] = [
  {
    name: 'counter: unlabelled inc()',
    iterations: 2_000_000,
    setup(lib) {
      const c = new lib.Counter({ name: 'c_total', help: 'c', registers: [] });
      return (n) => {
        for (let i = 0; i < n; i++) c.inc();
      };
    },
  },
  {
    name: 'counter: labels(...) child inc()',
    iterations: 2_000_000,
    setup(lib) {
      const c = new lib.Counter({
        name: 'c_total',
        help: 'c',
        labelNames: ['method', 'route', 'code'],
        registers: [],
      });
      const child = c.labels('GET', '/orders/:id', '200');
      return (n) => {
        for (let i = 0; i < n; i++) child.inc();
      };
    },
  },
  {
    name: 'counter: inc({3 labels})',
    iterations: 500_000,
    setup(lib) {
      const c = new lib.Counter({
        name: 'c_total',
        help: 'c',
        labelNames: ['method', 'route', 'code'],
        registers: [],
      });
      return (n) => {
        for (let i = 0; i < n; i++) {
          c.inc({ method: METHODS[i & 3], route: ROUTES[i % 5], code: CODES[(i >> 2) & 3] });
        }
      };
    },
  },
  {
    name: 'histogram: child observe()',
    iterations: 1_000_000,
    setup(lib) {
      const h = new lib.Histogram({ name: 'h', help: 'h', labelNames: ['route'], registers: [] });
      const child = h.labels('/orders');
      return (n) => {
        for (let i = 0; i < n; i++) child.observe((i % 1000) / 400);
      };
    },
  },
  {
    name: 'histogram: observe({2 labels}, v)',
    iterations: 500_000,
    setup(lib) {
      const h = new lib.Histogram({ name: 'h', help: 'h', labelNames: ['method', 'route'], registers: [] });
      return (n) => {
        for (let i = 0; i < n; i++)
          h.observe({ method: METHODS[i & 3], route: ROUTES[i % 5] }, (i % 1000) / 400);
      };
    },
  },
  {
    name: 'summary: observe(v)',
    iterations: 200_000,
    setup(lib) {
      const s = new lib.Summary({ name: 's', help: 's', registers: [] });
      return (n) => {
        for (let i = 0; i < n; i++) s.observe((i % 1000) / 400 + 0.001);
      };
    },
  },
  {
    name: 'summary: observe(v), 600 s window',
    iterations: 200_000,
    setup(lib) {
      const s = new lib.Summary({ name: 's', help: 's', maxAgeSeconds: 600, ageBuckets: 5, registers: [] });
      return (n) => {
        for (let i = 0; i < n; i++) s.observe((i % 1000) / 400 + 0.001);
      };
    },
  },
];

function largeRegistry(lib: Lib) {
  const registry = new lib.Registry();
  const c = new lib.Counter({
    name: 'requests_total',
    help: 'r',
    labelNames: ['tenant', 'route'],
    registers: [registry],
  });
  for (let i = 0; i < 10_000; i++) c.inc({ tenant: `tenant-${i % 500}`, route: `/route/${i}` });
  for (let j = 0; j < 100; j++) {
    const h = new lib.Histogram({
      name: `latency_${j}_seconds`,
      help: 'l',
      labelNames: ['method'],
      registers: [registry],
    });
    for (const m of METHODS) h.observe({ method: m }, j / 100);
  }
  return registry;
}

/** Heap bytes one labelled counter series costs, measured over many series. */
function heapPerSeries(lib: Lib, series: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  gc();
  const before = process.memoryUsage().heapUsed;
  const c = new lib.Counter({
    name: 'mem_total',
    help: 'm',
    labelNames: ['tenant', 'route', 'code'],
    registers: [],
  });
  for (let i = 0; i < series; i++) c.inc({ tenant: `t${i % 100}`, route: `/r/${i}`, code: CODES[i & 3] });
  gc();
  const after = process.memoryUsage().heapUsed;
  (globalThis as { keep?: unknown }).keep = c;
  const bytes = (after - before) / series;
  (globalThis as { keep?: unknown }).keep = undefined;
  return bytes;
}

function ratio(base: number, ours: number): string {
  return `${(base / ours).toFixed(1)}×`;
}

export async function runEngineBench(): Promise<{ rows: Row[]; columns: string[] }> {
  const names = Object.keys(LIBRARIES);
  const columns = [...names, 'promkit vs prom-client', 'promkit vs @prometheus-io/client'];
  const rows: Row[] = [];
  const add = (
    operation: string,
    results: Record<string, number>,
    format: (n: number) => string,
    lowerIsBetter = true,
  ) => {
    const cells: Record<string, string> = {};
    for (const n of names) cells[n] = format(results[n]);
    const r = (other: string) =>
      lowerIsBetter ? ratio(results[other], results.promkit) : ratio(results.promkit, results[other]);
    cells['promkit vs prom-client'] = r('prom-client');
    cells['promkit vs @prometheus-io/client'] = r('@prometheus-io/client');
    rows.push({ operation, cells });
  };
  for (const scenario of scenarios) {
    const results: Record<string, number> = {};
    for (const n of names) results[n] = measure(scenario.setup(LIBRARIES[n]), scenario.iterations).nsPerOp;
    add(scenario.name, results, formatNs);
  }
  const scrape: Record<string, number> = {};
  for (const n of names) {
    const registry = largeRegistry(LIBRARIES[n]);
    scrape[n] = (await measureAsync(() => registry.metrics(), 9)).nsPerOp;
  }
  add('register.metrics(): 10k counter series + 100 histograms', scrape, formatNs);
  const heap: Record<string, number> = {};
  for (const n of names) heap[n] = heapPerSeries(LIBRARIES[n], 100_000);
  add('heap bytes per labelled series (3 labels)', heap, (b) =>
    Number.isNaN(b) ? 'run with --expose-gc' : `${b.toFixed(0)} B`,
  );
  return { rows, columns };
}
