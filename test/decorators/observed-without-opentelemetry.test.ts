import { join } from 'node:path';
import { runWithoutModules } from '../support/child-node';

describe('@Observed without @opentelemetry/api installed', () => {
  it('looks for the API once, when decorating, and then records as @Timed does, with its error counter', () => {
    const child = runWithoutModules(join(__dirname, 'fixtures', 'observed-without-opentelemetry.ts'), [
      '@opentelemetry/api',
    ]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout);
    // Known when the method is decorated, so no call asks again: the method is wrapped as @Timed wraps it.
    expect(report.afterDecorate).toEqual({ '@opentelemetry/api': 1 });
    expect(report.afterCalls).toEqual({ '@opentelemetry/api': 1 });
    expect(report.found).toBe('order in eu');
    expect(report.thrown).toBe('no order in eu');
    expect(report.loaded).toBe(7);
    expect(report).toMatchObject({ findCount: 2, findErrors: 1, loadCount: 1, loadErrors: 0 });
    // A child process compiling TypeScript on a loaded machine.
  }, 90_000);
});
