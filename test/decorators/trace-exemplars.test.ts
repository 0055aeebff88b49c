import 'reflect-metadata';
import { CountExceptions, Counted, MetricConfigError, Registry, Timed } from 'promkit';
import { idsOf, startTracing, type Tracing } from '../support/tracing';

let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing();
});
afterAll(() => tracing.stop());

/** `metric{labels}` -> exemplar labels, for every sample that has an exemplar. */
async function exemplarsOf(registry: Registry): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of await registry.getSamples()) {
    if (s.exemplar) out[`${s.name}{${Object.values(s.labels).join(',')}}`] = { ...s.exemplar.labels };
  }
  return out;
}

describe('decorated methods called inside a sampled span', () => {
  it('leave the span as the exemplar of @Timed, @Counted and @CountExceptions', async () => {
    const registry = new Registry();
    class Orders {
      @Timed({ registry, name: 'orders_find_seconds', buckets: [1] })
      @Counted({ registry, name: 'orders_find_calls_total' })
      find(id: number): number {
        return id;
      }

      @CountExceptions({ registry, name: 'orders_pay_errors_total' })
      async pay(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('card declined');
      }
    }
    const orders = new Orders();
    const findSpan = tracing.inSpan(tracing.sampled, (span) => {
      orders.find(1);
      return span;
    });
    const paySpan = await tracing.inSpan(tracing.sampled, async (span) => {
      await orders.pay().catch(() => {});
      return span;
    });
    expect(await exemplarsOf(registry)).toEqual({
      'orders_find_seconds_bucket{1}': idsOf(findSpan),
      'orders_find_calls_total{success}': idsOf(findSpan),
      'orders_pay_errors_total{}': idsOf(paySpan),
    });
  });

  it("leave none with exemplars: 'none', outside a span, or in an unsampled one", async () => {
    const registry = new Registry();
    class Jobs {
      @Timed({ registry, name: 'jobs_run_seconds', exemplars: 'none' })
      @Counted({ registry, name: 'jobs_run_calls_total', exemplars: 'none' })
      run(): void {}

      @Timed({ registry, name: 'jobs_plan_seconds' })
      plan(): void {}
    }
    const jobs = new Jobs();
    tracing.inSpan(tracing.sampled, () => jobs.run());
    jobs.plan();
    tracing.inSpan(tracing.unsampled, () => jobs.plan());
    expect(await exemplarsOf(registry)).toEqual({});
    expect(await registry.getSampleValue('jobs_plan_seconds_count')).toBe(2);
  });

  it('reject exemplars on a summary, which cannot carry them', () => {
    expect(() => Timed({ name: 'q_seconds', type: 'summary', exemplars: 'trace' })).toThrow(
      new MetricConfigError('@Timed ("q_seconds"): exemplars apply to histograms (summaries carry none)'),
    );
  });
});
