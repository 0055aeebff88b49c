import 'reflect-metadata';
import { LongTaskTimed, MetricConfigError, Registry, Timed } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function value(registry: Registry, name: string, labels: Record<string, string> = {}) {
  return registry.getSampleValue(name, labels);
}

describe('long task timers', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('show calls still running, with the sum and maximum of how long they have run, before they return', async () => {
    class Reports {
      @Timed({ registry, longTask: true, labelNames: ['format'], labelsFrom: ([format]) => ({ format }) })
      async export(format: string, until: Promise<void>): Promise<string> {
        await until;
        return format;
      }
    }
    const reports = new Reports();
    const first = gate();
    const second = gate();
    const running = [reports.export('pdf', first.opened)];
    await sleep(40);
    running.push(reports.export('pdf', second.opened));
    await sleep(10);

    const pdf = { format: 'pdf' };
    expect(await value(registry, 'reports_export_active_tasks', pdf)).toBe(2);
    const max = (await value(registry, 'reports_export_active_max_seconds', pdf))!;
    const sum = (await value(registry, 'reports_export_active_seconds', pdf))!;
    expect(max).toBeGreaterThanOrEqual(0.045);
    expect(sum).toBeGreaterThan(max);
    expect(sum).toBeLessThan(2 * max);

    first.open();
    await running[0];
    expect(await value(registry, 'reports_export_active_tasks', pdf)).toBe(1);
    expect(await value(registry, 'reports_export_active_max_seconds', pdf)).toBeLessThan(max);

    second.open();
    await running[1];
    expect(await value(registry, 'reports_export_active_tasks', pdf)).toBe(0);
    expect(await value(registry, 'reports_export_active_seconds', pdf)).toBe(0);
    expect(await value(registry, 'reports_export_active_max_seconds', pdf)).toBe(0);
  });

  it('@LongTaskTimed is the same, named from `name`, and shows an unlabelled timer at zero before any call', async () => {
    class Jobs {
      @LongTaskTimed({ registry, name: 'nightly_job' })
      run(): void {}
    }
    new Jobs().run();
    const text = (await registry.metrics()) as string;
    expect(text).toContain('# TYPE nightly_job_active_tasks gauge\nnightly_job_active_tasks 0');
    expect(text).toContain('# TYPE nightly_job_active_seconds gauge\nnightly_job_active_seconds 0');
    expect(text).toContain('# TYPE nightly_job_active_max_seconds gauge\nnightly_job_active_max_seconds 0');
  });

  it('count a call that throws as ended', async () => {
    class Flaky {
      @LongTaskTimed({ registry })
      fail(): never {
        throw new Error('down');
      }
    }
    expect(() => new Flaky().fail()).toThrow('down');
    expect(await value(registry, 'flaky_fail_active_tasks')).toBe(0);
  });

  it('refuse histogram and summary options, naming the option', () => {
    expect(() => Timed({ name: 'slow', longTask: true, buckets: [1] })).toThrow(
      new MetricConfigError(
        '@LongTaskTimed ("slow"): buckets does not apply to a long task timer (its metrics are gauges)',
      ),
    );
  });
});

describeWithTool(promtool, 'long task timer names', () => {
  it('pass promtool check metrics', async () => {
    const registry = new Registry();
    class Imports {
      @LongTaskTimed({
        registry,
        help: 'Imports running now.',
        labelNames: ['source'],
        labels: { source: 'csv' },
      })
      run(): void {}
    }
    new Imports().run();
    const result = await promtoolCheckMetrics((await registry.metrics()) as string);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
