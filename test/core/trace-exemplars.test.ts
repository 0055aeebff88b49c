import { setTimeout as sleep } from 'node:timers/promises';
import FakeTimers from '@sinonjs/fake-timers';
import { Counter, captureTrace, Histogram, MetricConfigError, Registry, withTrace } from 'promkit';
import { MIN_RETENTION_MS, traceparentLabels } from '../../lib/core';
import { SAMPLE_INTERVAL_MS, stopSamplingClock } from '../../lib/core/sampling-clock';
import { idsOf, startTracing, type Tracing } from '../support/tracing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const SAMPLED_TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing();
});
afterAll(() => tracing.stop());

function histogram(registry: Registry, labelNames: string[] = []) {
  return new Histogram({
    name: 'job_duration_seconds',
    help: 'Job duration.',
    buckets: [0.1, 1],
    labelNames,
    exemplars: 'trace',
    registers: [registry],
  });
}

/** Exemplars by sample, e.g. `{ 'job_duration_seconds_bucket{le="1"}': {...} }`. */
async function exemplarsOf(registry: Registry) {
  const out: Record<string, { labels: Record<string, string>; value: number; timestamp?: number }> = {};
  for (const sample of await registry.getSamples()) {
    if (sample.exemplar === undefined) continue;
    const labels = Object.entries(sample.labels).map(([k, v]) => `${k}="${v}"`);
    out[`${sample.name}{${labels.join(',')}}`] = sample.exemplar;
  }
  return out;
}

/**
 * Lets every series try again: the sampling clock is real time (only Date is
 * ever faked here), and two intervals guarantee it has ticked, even when the
 * machine is slow and the timer fires late.
 */
function nextSamplingInterval(): Promise<void> {
  return sleep(2 * SAMPLE_INTERVAL_MS + 20);
}

describe("exemplars: 'trace'", () => {
  it('puts the active sampled span into the bucket of a histogram observation', async () => {
    const registry = new Registry();
    const duration = histogram(registry);
    const before = Date.now();
    const span = tracing.inSpan(tracing.sampled, (s) => {
      duration.observe(0.5);
      return s;
    });
    const exemplars = await exemplarsOf(registry);
    expect(Object.keys(exemplars)).toEqual(['job_duration_seconds_bucket{le="1"}']);
    const exemplar = exemplars['job_duration_seconds_bucket{le="1"}'];
    expect(exemplar.labels).toEqual(idsOf(span));
    expect(exemplar.value).toBe(0.5);
    expect(exemplar.timestamp).toBeGreaterThanOrEqual(before);
    const text = await registry.metrics({ format: 'openmetrics' });
    expect(text).toContain(
      `job_duration_seconds_bucket{le="1.0"} 1 # {trace_id="${idsOf(span).trace_id}",span_id="${idsOf(span).span_id}"} 0.5 `,
    );
  });

  it('puts the active sampled span on a counter increment, with the increment as value', async () => {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      exemplars: 'trace',
      registers: [registry],
    });
    const span = tracing.inSpan(tracing.sampled, (s) => {
      jobs.inc(3);
      return s;
    });
    expect((await exemplarsOf(registry))['jobs_total{}']).toMatchObject({ labels: idsOf(span), value: 3 });
  });

  it('follows the span across an await, as decorated async work and timers do', async () => {
    const registry = new Registry();
    const duration = histogram(registry);
    const span = await tracing.inSpan(tracing.sampled, async (s) => {
      await duration.time(() => new Promise((resolve) => setTimeout(resolve, 5)));
      return s;
    });
    const [exemplar] = Object.values(await exemplarsOf(registry));
    expect(exemplar.labels).toEqual(idsOf(span));
  });

  it('records nothing without an active span or in an unsampled one', async () => {
    const registry = new Registry();
    const duration = histogram(registry);
    const jobs = new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      exemplars: 'trace',
      registers: [registry],
    });
    duration.observe(0.5);
    jobs.inc();
    await nextSamplingInterval();
    tracing.inSpan(tracing.unsampled, () => {
      duration.observe(0.5);
      jobs.inc();
    });
    expect(await exemplarsOf(registry)).toEqual({});
    expect(await registry.getSampleValue('job_duration_seconds_count')).toBe(2);
  });

  it('tries at most once per sampling interval per series', async () => {
    const registry = new Registry();
    const duration = histogram(registry);
    tracing.inSpan(tracing.sampled, () => duration.observe(0.05));
    // Same interval, an empty bucket, a new span: the series has had its try.
    const second = tracing.inSpan(tracing.sampled, (s) => {
      duration.observe(0.5);
      return s;
    });
    expect(Object.keys(await exemplarsOf(registry))).toEqual(['job_duration_seconds_bucket{le="0.1"}']);
    await nextSamplingInterval();
    const third = tracing.inSpan(tracing.sampled, (s) => {
      duration.observe(0.5);
      return s;
    });
    const exemplars = await exemplarsOf(registry);
    expect(exemplars['job_duration_seconds_bucket{le="1"}'].labels).toEqual(idsOf(third));
    expect(idsOf(third)).not.toEqual(idsOf(second));
  });

  it('samples each labelled series on its own', async () => {
    const registry = new Registry();
    const duration = histogram(registry, ['queue']);
    const spans = ['mail', 'reports'].map((queue) =>
      tracing.inSpan(tracing.sampled, (s) => {
        duration.observe({ queue }, 0.5);
        return s;
      }),
    );
    const exemplars = await exemplarsOf(registry);
    expect(exemplars['job_duration_seconds_bucket{queue="mail",le="1"}'].labels).toEqual(idsOf(spans[0]));
    expect(exemplars['job_duration_seconds_bucket{queue="reports",le="1"}'].labels).toEqual(idsOf(spans[1]));
  });

  describe('retention', () => {
    let clock: ReturnType<typeof FakeTimers.install> | undefined;
    afterEach(() => clock?.uninstall());

    it(`keeps an exemplar ${MIN_RETENTION_MS} ms, then lets a newer trace replace it`, async () => {
      // Only Date is faked: exemplar ages are wall-clock time, the sampling interval stays real.
      clock = FakeTimers.install({ toFake: ['Date'], now: Date.now() });
      const registry = new Registry();
      const jobs = new Counter({
        name: 'jobs_total',
        help: 'Jobs.',
        exemplars: 'trace',
        registers: [registry],
      });
      const first = tracing.inSpan(tracing.sampled, (s) => {
        jobs.inc();
        return s;
      });
      clock.tick(MIN_RETENTION_MS - 1000);
      await nextSamplingInterval();
      tracing.inSpan(tracing.sampled, () => jobs.inc());
      expect((await exemplarsOf(registry))['jobs_total{}'].labels).toEqual(idsOf(first));
      clock.tick(1000);
      await nextSamplingInterval();
      const later = tracing.inSpan(tracing.sampled, (s) => {
        jobs.inc(2);
        return s;
      });
      expect((await exemplarsOf(registry))['jobs_total{}']).toEqual({
        labels: idsOf(later),
        value: 2,
        timestamp: Date.now(),
      });
    });

    it('keeps an explicitly given exemplar for the retention time too', async () => {
      clock = FakeTimers.install({ toFake: ['Date'], now: Date.now() });
      const registry = new Registry();
      const duration = histogram(registry);
      duration.labels().observe(0.5, { request_id: 'r-1' });
      await nextSamplingInterval();
      tracing.inSpan(tracing.sampled, () => duration.observe(0.5));
      expect((await exemplarsOf(registry))['job_duration_seconds_bucket{le="1"}'].labels).toEqual({
        request_id: 'r-1',
      });
      clock.tick(MIN_RETENTION_MS);
      await nextSamplingInterval();
      const span = tracing.inSpan(tracing.sampled, (s) => {
        duration.observe(0.5);
        return s;
      });
      expect((await exemplarsOf(registry))['job_duration_seconds_bucket{le="1"}'].labels).toEqual(
        idsOf(span),
      );
    });

    it('samples again after the idle sampling timer stopped', async () => {
      clock = FakeTimers.install({ toFake: ['Date'], now: Date.now() });
      const registry = new Registry();
      const duration = histogram(registry);
      tracing.inSpan(tracing.sampled, () => duration.observe(0.5));
      clock.tick(MIN_RETENTION_MS);
      // What happens after a few seconds without sampling anywhere.
      stopSamplingClock();
      await nextSamplingInterval();
      const span = tracing.inSpan(tracing.sampled, (s) => {
        duration.observe(0.5);
        return s;
      });
      expect((await exemplarsOf(registry))['job_duration_seconds_bucket{le="1"}'].labels).toEqual(
        idsOf(span),
      );
    });
  });

  it('takes a traceparent header when no span is active, and prefers the active span', async () => {
    const registry = new Registry();
    const duration = histogram(registry, ['route']);
    withTrace(captureTrace(SAMPLED_TRACEPARENT), () => duration.observe({ route: '/a' }, 0.5));
    const span = tracing.inSpan(tracing.sampled, (s) => {
      withTrace(captureTrace(SAMPLED_TRACEPARENT), () => duration.observe({ route: '/b' }, 0.5));
      return s;
    });
    withTrace(captureTrace(`00-${TRACE_ID}-${PARENT_ID}-00`), () =>
      duration.observe({ route: '/unsampled' }, 0.5),
    );
    const exemplars = await exemplarsOf(registry);
    expect(exemplars['job_duration_seconds_bucket{route="/a",le="1"}'].labels).toEqual({
      trace_id: TRACE_ID,
      span_id: PARENT_ID,
    });
    expect(exemplars['job_duration_seconds_bucket{route="/b",le="1"}'].labels).toEqual(idsOf(span));
    expect(exemplars['job_duration_seconds_bucket{route="/unsampled",le="1"}']).toBeUndefined();
  });

  it('records the trace captured when a request arrived, wherever the request ends', async () => {
    const registry = new Registry();
    const duration = histogram(registry, ['route']);
    const { request, trace } = tracing.inSpan(tracing.sampled, (span) => ({
      request: span,
      trace: captureTrace(SAMPLED_TRACEPARENT),
    }));
    // The response ends later, outside the request's span, or inside another one.
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        withTrace(trace, () => duration.observe({ route: '/later' }, 0.5));
        tracing.inSpan(tracing.sampled, () =>
          withTrace(trace, () => duration.observe({ route: '/elsewhere' }, 0.5)),
        );
        resolve();
      }),
    );
    const exemplars = await exemplarsOf(registry);
    expect(exemplars['job_duration_seconds_bucket{route="/later",le="1"}'].labels).toEqual(idsOf(request));
    expect(exemplars['job_duration_seconds_bucket{route="/elsewhere",le="1"}'].labels).toEqual(
      idsOf(request),
    );
  });

  it('rejects an unknown exemplars option, naming the metric', () => {
    expect(
      () => new Histogram({ name: 'h_seconds', help: 'h', registers: [], exemplars: 'always' as 'trace' }),
    ).toThrow(new MetricConfigError('Metric "h_seconds": exemplars must be "trace" or "none", got "always"'));
  });
});

describe('traceparentLabels', () => {
  it.each([
    [SAMPLED_TRACEPARENT, { trace_id: TRACE_ID, span_id: PARENT_ID }],
    [`  ${SAMPLED_TRACEPARENT} `, { trace_id: TRACE_ID, span_id: PARENT_ID }],
    [`01-${TRACE_ID}-${PARENT_ID}-03-future`, { trace_id: TRACE_ID, span_id: PARENT_ID }],
    [`00-${TRACE_ID}-${PARENT_ID}-00`, undefined],
    [`00-${TRACE_ID}-${PARENT_ID}-01-extra`, undefined],
    [`ff-${TRACE_ID}-${PARENT_ID}-01`, undefined],
    [`00-${'0'.repeat(32)}-${PARENT_ID}-01`, undefined],
    [`00-${TRACE_ID}-${'0'.repeat(16)}-01`, undefined],
    [`00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`, undefined],
    [`${SAMPLED_TRACEPARENT}, ${SAMPLED_TRACEPARENT}`, undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j', (header, expected) => {
    expect(traceparentLabels(header)).toEqual(expected);
  });
});
