import { Counter, Registry, startOtlpPush } from '../../../lib';
import { MetricConfigError } from '../../../lib/core/validation';
import { decodeOtlpProtobuf } from '../../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(() => receiver.close());

function jobsValue(body: Buffer): number | undefined {
  const metrics = decodeOtlpProtobuf(body).resourceMetrics[0].scopeMetrics[0].metrics;
  return metrics.find((m: any) => m.name === 'jobs_total')?.sum.dataPoints[0].asDouble;
}

function appRegistry() {
  const registry = new Registry();
  registry.setWarningLogger(() => {});
  const jobs = new Counter({ name: 'jobs', help: 'Jobs', registers: [registry] });
  return { registry, jobs };
}

describe('startOtlpPush', () => {
  it('pushes every interval, and stop() sends a last collection with what was counted since', async () => {
    const { registry, jobs } = appRegistry();
    jobs.inc(1);
    const push = startOtlpPush({ url: receiver.url, registry, intervalSeconds: 0.2 });
    try {
      expect(jobsValue((await receiver.nextRequest(3000)).body)).toBe(1);
      expect(jobsValue((await receiver.nextRequest(3000)).body)).toBe(1);
      jobs.inc(5);
    } finally {
      await expect(push.stop()).resolves.toBe(true);
    }
    const values = receiver.requests.map((r) => jobsValue(r.body));
    expect(values.at(-1)).toBe(6);
    // Nothing after stop().
    const count = receiver.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests.length).toBe(count);
  });

  it('flush() collects and delivers now, for a function that is about to return', async () => {
    const { registry, jobs } = appRegistry();
    const push = startOtlpPush({ url: receiver.url, registry, intervalSeconds: 3600 });
    try {
      jobs.inc(3);
      await expect(push.flush(5)).resolves.toBe(true);
      expect(receiver.requests.map((r) => jobsValue(r.body))).toEqual([3]);
    } finally {
      await push.stop();
    }
  });

  it('keeps pushes while the receiver is unavailable and delivers them in order once it answers', async () => {
    const { registry, jobs } = appRegistry();
    let available = false;
    const accepted: (number | undefined)[] = [];
    receiver.answer((request) => {
      if (!available) return { status: 503 };
      accepted.push(jobsValue(request.body));
      return { status: 200 };
    });
    const push = startOtlpPush({ url: receiver.url, registry, intervalSeconds: 3600 });
    try {
      jobs.inc(1);
      const first = push.flush();
      await receiver.nextRequest(3000);
      jobs.inc(1);
      const second = push.flush(5);
      available = true;
      await expect(second).resolves.toBe(true);
      await expect(first).resolves.toBe(true);
      expect(accepted).toEqual([1, 2]);
      // The sender's own metrics are in the registry while it runs, named for OTLP.
      const text = await registry.metrics();
      expect(text).toMatch(
        /promkit_remote_storage_samples_retried_total\{remote_name="otlp",url="[^"]+"\} [1-9]/,
      );
    } finally {
      await push.stop();
    }
  });

  it('refuses a wrong option at the call, naming it', () => {
    expect(() => startOtlpPush({ url: receiver.url } as any)).toThrow(
      new MetricConfigError('startOtlpPush: the option intervalSeconds is required'),
    );
    expect(() => startOtlpPush({ url: receiver.url, intervalSeconds: -1 })).toThrow(
      'startOtlpPush: intervalSeconds must be a number of seconds above 0, at most 2147483 (what a timer can wait), got -1',
    );
    // Longer than a timer can wait: setTimeout would fire after 1 ms, pushing without pause.
    expect(() => startOtlpPush({ url: receiver.url, intervalSeconds: 30 * 86_400 })).toThrow(
      'startOtlpPush: intervalSeconds must be a number of seconds above 0, at most 2147483 (what a timer can wait), got 2592000',
    );
  });
});
