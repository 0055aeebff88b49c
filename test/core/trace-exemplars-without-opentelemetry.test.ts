import { join } from 'node:path';
import { runWithoutModules } from '../support/child-node';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('exemplars without @opentelemetry/api installed', () => {
  it('imports without looking for it, records metrics, and still takes traceparent headers', () => {
    const child = runWithoutModules(
      join(__dirname, 'fixtures', 'exemplars-without-opentelemetry.ts'),
      ['@opentelemetry/api'],
      [TRACEPARENT],
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout);
    // Neither importing promkit nor creating traced metrics loads the API; the first sample tries, once.
    expect(report.afterImport).toEqual({});
    expect(report.afterCreate).toEqual({});
    expect(report.afterObserve).toEqual({ '@opentelemetry/api': 1 });
    expect(report.count).toBe(1);
    expect(report.jobs).toBe(1);
    expect(report.exemplars).toEqual([
      {
        labels: { route: '/traced', le: '1' },
        exemplar: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' },
      },
    ]);
    // A child process compiling TypeScript on a loaded machine.
  }, 90_000);
});
