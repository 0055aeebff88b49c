import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The public surface of every entry point, read from the build (`npm test`
 * builds first): each export has a TSDoc comment, the root stays small, and
 * API Extractor's report matches the committed docs/api/*.api.md.
 */

const ROOT = join(__dirname, '..', '..');
type Surface = Record<string, { runtime: string[]; typeOnly: string[]; undocumented: string[] }>;
const { entryPoints, publicSurface } = require(join(ROOT, 'scripts', 'public-surface.cjs')) as {
  entryPoints(): Array<{ name: string; declarations: string }>;
  publicSurface(): Surface;
};
const { apiReport } = require(join(ROOT, 'scripts', 'api-report.cjs')) as {
  apiReport(options?: { update?: boolean }): string[];
};

/**
 * prom-client 15 root names promkit does not offer: the pieces its content type
 * strings are made of, and a JSON helper type. Every other one is at promkit's root.
 */
const NOT_FROM_PROM_CLIENT = [
  'Charset',
  'MetricValueWithName',
  'OpenMetricsMIME',
  'OpenMetricsVersion',
  'PrometheusMIME',
  'PrometheusMetricsVersion',
];

/** The names of prom-client's root: in its type declarations, and at run time (`aggregators` is only there). */
function promClientRootNames(): string[] {
  const declarations = readFileSync(join(ROOT, 'node_modules', 'prom-client', 'index.d.ts'), 'utf8');
  const pattern = /^(?:export )?(?:declare )?(?:type|interface|class|enum|const|function|namespace) (\w+)/gm;
  const typed = [...declarations.matchAll(pattern)].map((m) => m[1]);
  return [...new Set([...typed, ...Object.keys(require('prom-client'))])];
}

/** Root names that exist at run time, at most: a bigger root needs a subpath instead. */
const ROOT_RUNTIME_BUDGET = 70;

/** The newest modification time under a folder. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = join(dir, entry.name);
      return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    }),
  );
}

describe('the entry points’ sources', () => {
  it('lists every export of an entry point by name (no export *)', () => {
    const stars = entryPoints().flatMap(({ name, declarations }) => {
      // dist/cjs/nest/index.d.ts is built from lib/nest/index.ts.
      const source = join(
        ROOT,
        'lib',
        relative(join(ROOT, 'dist', 'cjs'), declarations).replace(/\.d\.ts$/, '.ts'),
      );
      const text = readFileSync(source, 'utf8');
      return [...text.matchAll(/^export (type )?\*.*$/gm)].map((m) => `${name}: ${m[0]}`);
    });
    expect(stars).toEqual([]);
  });
});

describe('the public surface of the build', () => {
  let surface: Surface;
  beforeAll(() => {
    const build = join(ROOT, 'dist', 'cjs', 'index.d.ts');
    const fresh = existsSync(build) && statSync(build).mtimeMs >= newest(join(ROOT, 'lib'));
    expect({ build: fresh ? 'up to date' : 'missing or older than lib/', setup: 'npm run build' }).toEqual({
      build: 'up to date',
      setup: 'npm run build',
    });
    surface = publicSurface();
  });

  it('documents every export of every entry point with a TSDoc comment', () => {
    const undocumented = Object.entries(surface).flatMap(([entry, { undocumented }]) =>
      undocumented.map((name) => `${entry}: ${name}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('keeps prom-client 15’s root names at the root, so moving over is changing an import', () => {
    const root = new Set([...surface.promkit.runtime, ...surface.promkit.typeOnly]);
    const missing = promClientRootNames().filter((n) => !root.has(n) && !NOT_FROM_PROM_CLIENT.includes(n));
    expect(missing).toEqual([]);
    expect(promClientRootNames()).toEqual(
      expect.arrayContaining(['Registry', 'register', 'AggregatorRegistry']),
    );
  });

  it(`keeps the root to at most ${ROOT_RUNTIME_BUDGET} runtime exports`, () => {
    expect(surface.promkit.runtime.length).toBeLessThanOrEqual(ROOT_RUNTIME_BUDGET);
  });

  it('matches the committed API reports (docs/api), see docs/development.md to update them', () => {
    expect(apiReport()).toEqual([]);
  }, 90_000);
});
