import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { defaultMetricName } from '../../lib/decorators';

/**
 * Minifiers rename classes, and derived metric names with them. The app is
 * bundled and minified with esbuild, as a production build would be, and
 * run in its own process: names fixed with @MetricClassName stay, and a name
 * derived from a minified class is warned about.
 */

interface Report {
  classNames: string[];
  metrics: string[];
  exposition: string;
  warnings: string[];
}

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'promkit-minified-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundleAndRun(decorators: 'legacy' | 'standard'): Promise<Report> {
  const result = await build({
    entryPoints: [join(__dirname, 'fixtures', 'minified-app.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: decorators === 'legacy' } },
  });
  const file = join(dir, `app-${decorators}.js`);
  writeFileSync(file, result.outputFiles[0].contents);
  const { stdout } = await run(process.execPath, [file], { timeout: 20_000 });
  return JSON.parse(stdout) as Report;
}

describe.each(['legacy', 'standard'] as const)('a minified bundle with %s decorators', (decorators) => {
  let report: Report;
  beforeAll(async () => {
    report = await bundleAndRun(decorators);
  }, 60_000);

  it('really renamed the classes', () => {
    const [orders, payments] = report.classNames;
    expect(payments).not.toBe('PaymentGateway');
    expect(payments.length).toBeLessThanOrEqual(2);
    // esbuild keeps the name of a class that has standard class decorators: they are told it.
    if (decorators === 'legacy') expect(orders).not.toBe('OrdersService');
  });

  it('keeps the names fixed with @MetricClassName, in names and labels', () => {
    expect(report.metrics).toContain('orders_service_find_order_duration_seconds');
    expect(report.exposition).toContain('orders_service_find_order_duration_seconds_count 1');
    expect(report.exposition).toContain(
      'order_cancellations_total{class="OrdersService",result="success"} 1',
    );
    expect(report.exposition).toContain(
      '# HELP orders_service_find_order_duration_seconds Duration of OrdersService.findOrder',
    );
  });

  it('warns about the name derived from a minified class, naming the fix', () => {
    const minified = report.classNames[1];
    // Derived as promkit derives it: a minified `_t` or `$e` loses its leading mark.
    expect(report.metrics).toContain(defaultMetricName(minified, 'charge', 'duration_seconds'));
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain(`metric names of class "${minified}"`);
    expect(report.warnings[0]).toContain(
      'the class that declares charge() its real name with @MetricClassName(',
    );
    expect(report.warnings[0]).not.toContain('OrdersService');
  });
});
