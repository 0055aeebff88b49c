import { counterFloor, histogramFloor } from './floors';
import { type Check, formatNs, fresh, measureSideBySide, type Row } from './harness';
import { CODES, LIBRARIES, LIBRARY_NAMES, type Lib, METHODS, ROUTES, ratio } from './libraries';

/** promkit's default histogram buckets (prom-client's), which the floor searches too. */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How close to its floor a labelled call must be. */
const FLOOR_TARGET = 1.3;

type Loop = (n: number) => void;

interface Scenario {
  name: string;
  iterations: number;
  setup(lib: Lib): Loop;
  /** The same loop over plain JavaScript doing only the unavoidable work. */
  floor?: { describe: string; setup(): Loop };
}

type Counter = InstanceType<Lib['Counter']>;
type Histogram = InstanceType<Lib['Histogram']>;
type Summary = InstanceType<Lib['Summary']>;
type CounterChild = ReturnType<Counter['labels']>;
type HistogramChild = ReturnType<Histogram['labels']>;

/** Each loop is compiled afresh per library (see `fresh`), so its call sites see one library only. */
const scenarios: Scenario[] = [
  {
    name: 'counter: unlabelled inc()',
    iterations: 2_000_000,
    setup(lib) {
      const c = new lib.Counter({ name: 'c_total', help: 'c', registers: [] });
      return fresh((c: Counter) => (n: number) => {
        for (let i = 0; i < n; i++) c.inc();
      })(c);
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
      return fresh((child: CounterChild) => (n: number) => {
        for (let i = 0; i < n; i++) child.inc();
      })(c.labels('GET', '/orders/:id', '200'));
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
      return fresh((c: Counter, M: string[], R: string[], C: string[]) => (n: number) => {
        for (let i = 0; i < n; i++) c.inc({ method: M[i & 3], route: R[i % 5], code: C[(i >> 2) & 3] });
      })(c, METHODS, ROUTES, CODES);
    },
    floor: {
      describe: 'for...in over 3 own keys, 3 Map.get, ++',
      setup() {
        type Inc = (labels: Record<string, unknown>) => void;
        return fresh((inc: Inc, M: string[], R: string[], C: string[]) => (n: number) => {
          for (let i = 0; i < n; i++) inc({ method: M[i & 3], route: R[i % 5], code: C[(i >> 2) & 3] });
        })(counterFloor(['method', 'route', 'code']), METHODS, ROUTES, CODES);
      },
    },
  },
  {
    name: 'histogram: child observe()',
    iterations: 1_000_000,
    setup(lib) {
      const h = new lib.Histogram({ name: 'h', help: 'h', labelNames: ['route'], registers: [] });
      return fresh((child: HistogramChild) => (n: number) => {
        for (let i = 0; i < n; i++) child.observe((i % 1000) / 400);
      })(h.labels('/orders'));
    },
  },
  {
    name: 'histogram: observe({2 labels}, v)',
    iterations: 500_000,
    setup(lib) {
      const h = new lib.Histogram({ name: 'h', help: 'h', labelNames: ['method', 'route'], registers: [] });
      return fresh((h: Histogram, M: string[], R: string[]) => (n: number) => {
        for (let i = 0; i < n; i++) h.observe({ method: M[i & 3], route: R[i % 5] }, (i % 1000) / 400);
      })(h, METHODS, ROUTES);
    },
    floor: {
      describe: 'for...in over 2 own keys, 2 Map.get, bucket scan, 3 updates',
      setup() {
        type Observe = (labels: Record<string, unknown>, value: number) => void;
        return fresh((observe: Observe, M: string[], R: string[]) => (n: number) => {
          for (let i = 0; i < n; i++) observe({ method: M[i & 3], route: R[i % 5] }, (i % 1000) / 400);
        })(histogramFloor(['method', 'route'], DEFAULT_BUCKETS), METHODS, ROUTES);
      },
    },
  },
  {
    name: 'summary: observe(v)',
    iterations: 200_000,
    setup(lib) {
      const s = new lib.Summary({ name: 's', help: 's', registers: [] });
      return fresh((s: Summary) => (n: number) => {
        for (let i = 0; i < n; i++) s.observe((i % 1000) / 400 + 0.001);
      })(s);
    },
  },
  {
    name: 'summary: observe(v), 600 s window',
    iterations: 200_000,
    setup(lib) {
      const s = new lib.Summary({ name: 's', help: 's', maxAgeSeconds: 600, ageBuckets: 5, registers: [] });
      return fresh((s: Summary) => (n: number) => {
        for (let i = 0; i < n; i++) s.observe((i % 1000) / 400 + 0.001);
      })(s);
    },
  },
];

const FLOOR = 'floor';

export const ENGINE_COLUMNS = [
  ...LIBRARY_NAMES,
  FLOOR,
  'promkit / floor',
  'promkit vs prom-client',
  'promkit vs @prometheus-io/client',
];

const times = (value: number) => `${value.toFixed(2)}×`;

function measureScenario(scenario: Scenario): Row {
  const loops: Record<string, Loop> = {};
  for (const name of LIBRARY_NAMES) loops[name] = scenario.setup(LIBRARIES[name]);
  if (scenario.floor) loops[FLOOR] = scenario.floor.setup();
  const result = measureSideBySide(loops, scenario.iterations);
  const ns = result.nsPerOp;
  const cells: Record<string, string> = {};
  for (const name of LIBRARY_NAMES) cells[name] = formatNs(ns[name]);
  cells['promkit vs prom-client'] = ratio(ns['prom-client'], ns.promkit);
  cells['promkit vs @prometheus-io/client'] = ratio(ns['@prometheus-io/client'], ns.promkit);
  const checks: Check[] = [
    {
      name: `${scenario.name}: promkit vs prom-client`,
      actual: result.ratio('prom-client', 'promkit'),
      target: 1,
      atLeast: true,
      format: times,
    },
  ];
  if (scenario.floor) {
    const overFloor = result.ratio('promkit', FLOOR);
    cells[FLOOR] = formatNs(ns[FLOOR]);
    cells['promkit / floor'] = times(overFloor);
    checks.push({
      name: `${scenario.name}: promkit / floor (${scenario.floor.describe})`,
      actual: overFloor,
      target: FLOOR_TARGET,
      format: times,
    });
  }
  return { operation: scenario.name, cells, checks };
}

/** Time per operation of each library, side by side, with floors where they are defined. */
export function runEngineBench(): Row[] {
  return scenarios.map(measureScenario);
}
