import {
  Counter,
  Gauge,
  MetricConfigError,
  pushRemoteWrite,
  Registry,
  RemoteWriteError,
  sendsMergedView,
  startRemoteWrite,
} from 'promkit';
import { decodeV1Series } from '../support/remote-write-decode';
import {
  type Answer,
  answerAsV2,
  type FakeReceiver,
  startFakeReceiver,
} from '../support/remote-write-receiver';

const V2_TYPE = 'application/x-protobuf;proto=io.prometheus.write.v2.Request';

/** A 1.0 receiver that checks the content type (415 for anything else), as the 2.0 spec asks. */
const answerAsStrictV1: Answer = (write, res) => {
  res.writeHead(write.headers['content-type'] === 'application/x-protobuf' ? 204 : 415);
  res.end();
};

/** A 1.0 receiver that decodes whatever it gets as 1.0 and answers 204 without `*-Written` headers. */
const answerAsLaxV1: Answer = (_write, res) => {
  res.writeHead(204);
  res.end();
};

function scripted(...answers: Answer[]): Answer {
  let next = 0;
  return (write, res) => answers[Math.min(next++, answers.length - 1)](write, res);
}

describe('Remote Write', () => {
  let receiver: FakeReceiver | undefined;
  afterEach(() => receiver?.close());

  async function receiverWith(answer: Answer): Promise<FakeReceiver> {
    receiver = await startFakeReceiver(answer);
    return receiver;
  }

  function registryWithJobs(): { registry: Registry; jobs: Counter<'queue'> } {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      labelNames: ['queue'],
      registers: [registry],
    });
    jobs.inc({ queue: 'mail' }, 2);
    jobs.inc({ queue: 'sms' }, 5);
    return { registry, jobs };
  }

  describe('options', () => {
    it('refuses a URL that is not http(s), naming the option', async () => {
      await expect(pushRemoteWrite({ url: 'ftp://example.com/write' })).rejects.toThrow(
        new MetricConfigError(
          "pushRemoteWrite: url must be an http: or https: URL, got 'ftp://example.com/write'",
        ),
      );
    });

    it('refuses a header the protocol reserves', async () => {
      await expect(
        pushRemoteWrite({
          url: 'http://127.0.0.1:1/api/v1/write',
          headers: { 'content-type': 'text/plain' },
        }),
      ).rejects.toThrow(/headers\.content-type is a header Remote Write reserves/);
    });

    it('names a misspelt option and a missing interval', () => {
      expect(() => startRemoteWrite({ url: 'http://127.0.0.1:1/w', intervalSecond: 15 } as never)).toThrow(
        /unknown option "intervalSecond".*did you mean "intervalSeconds"/,
      );
      expect(() => startRemoteWrite({ url: 'http://127.0.0.1:1/w' } as never)).toThrow(
        /startRemoteWrite: intervalSeconds is required/,
      );
      expect(() => startRemoteWrite({ url: 'http://127.0.0.1:1/w', intervalSeconds: 0 })).toThrow(
        /intervalSeconds must be a number of seconds above 0, at most 2147483 \(what a timer can wait\), got 0/,
      );
    });
  });

  describe('negotiation', () => {
    it('takes what a 2.0 receiver says it wrote from its *-Written headers', async () => {
      const r = await receiverWith((_w, res) => {
        res.writeHead(204, {
          'X-Prometheus-Remote-Write-Samples-Written': '2',
          'X-Prometheus-Remote-Write-Histograms-Written': '0',
          'X-Prometheus-Remote-Write-Exemplars-Written': '0',
        });
        res.end();
      });
      const { registry } = registryWithJobs();
      await expect(pushRemoteWrite({ url: r.url, registry })).resolves.toEqual({
        version: '2.0',
        samples: 2,
        histograms: 0,
        exemplars: 0,
      });
      expect(r.received.map((w) => w.headers['content-type'])).toEqual([V2_TYPE]);
    });

    it.each([
      ['415', answerAsStrictV1],
      ['2xx without *-Written headers', answerAsLaxV1],
    ])('sends again as 1.0 after %s, and sends 1.0 at once afterwards', async (_what, answer) => {
      const r = await receiverWith(answer);
      const { registry } = registryWithJobs();
      await expect(pushRemoteWrite({ url: r.url, registry })).resolves.toEqual({
        version: '1.0',
        samples: 2,
        histograms: 0,
        exemplars: 0,
      });
      await pushRemoteWrite({ url: r.url, registry });
      expect(r.received.map((w) => w.headers['x-prometheus-remote-write-version'])).toEqual([
        '2.0.0',
        '0.1.0',
        '0.1.0',
      ]);
      const values = decodeV1Series(r.received[1].body).map((s) => [s.labels.queue, s.value]);
      expect(values).toEqual([
        ['mail', 2],
        ['sms', 5],
      ]);
    });
  });

  it('writes every label of many series as they are, repeated values and long series included', async () => {
    const r = await receiverWith(answerAsLaxV1);
    const registry = new Registry();
    const requests = new Counter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['method', 'route', 'code'],
      registers: [registry],
    });
    const methods = ['GET', 'POST', 'PUT'];
    for (let i = 0; i < 300; i++) {
      // Some routes long enough to make a series longer than 127 bytes.
      const route = i % 7 === 0 ? `/r/${'x'.repeat(120)}/${i}` : `/r/${i}`;
      requests.inc({ method: methods[i % 3], route, code: i % 2 ? '200' : '500' }, i + 1);
    }
    const handle = startRemoteWrite({ url: r.url, registry, version: '1.0', intervalSeconds: 3600 });
    try {
      await handle.flush(5);
      await handle.flush(5);
    } finally {
      await handle.stop();
    }
    const expected = (await registry.getSamples({ names: ['requests_total'] })).map((s) => ({
      ...s.labels,
      value: s.value,
    }));
    for (const write of r.received.slice(0, 2)) {
      const sent = decodeV1Series(write.body)
        .filter((s) => s.labels.__name__ === 'requests_total')
        .map(({ labels: { __name__, job, instance, ...own }, value }) => ({ ...own, value }));
      expect(sent).toEqual(expected);
    }
  });

  describe('delivery', () => {
    it('does not retry a 400, and rejects with the status and the receiver’s message', async () => {
      const r = await receiverWith((_w, res) => {
        res.writeHead(400);
        res.end('out of order sample');
      });
      const { registry } = registryWithJobs();
      const warnings: string[] = [];
      registry.setWarningLogger((message) => warnings.push(message));
      const push = pushRemoteWrite({ url: r.url, registry, version: '1.0' });
      await expect(push).rejects.toBeInstanceOf(RemoteWriteError);
      await expect(push).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('out of order sample'),
      });
      expect(r.received).toHaveLength(1);
      // The rejection is the report: nothing logged besides, no delivery counters left in the registry.
      expect(warnings).toEqual([]);
      expect((await registry.getSamples()).map((s) => s.name)).toEqual(['jobs_total', 'jobs_total']);
    });

    it('retries a 503 and a 429 with backoff, then delivers', async () => {
      const busy: Answer = (_w, res) => {
        res.writeHead(503);
        res.end();
      };
      const limited: Answer = (_w, res) => {
        res.writeHead(429, { 'Retry-After': '0' });
        res.end();
      };
      const r = await receiverWith(scripted(busy, limited, answerAsV2));
      const { registry } = registryWithJobs();
      await expect(pushRemoteWrite({ url: r.url, registry, timeoutSeconds: 5 })).resolves.toMatchObject({
        version: '2.0',
      });
      expect(r.received).toHaveLength(3);
    });

    it('gives up when timeoutSeconds passes while the receiver keeps failing', async () => {
      const r = await receiverWith((_w, res) => {
        res.writeHead(503);
        res.end();
      });
      const { registry } = registryWithJobs();
      const started = Date.now();
      await expect(pushRemoteWrite({ url: r.url, registry, timeoutSeconds: 0.5 })).rejects.toThrow(
        /still undelivered when the sender stopped/,
      );
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });

  describe('startRemoteWrite', () => {
    it('waits up to flush(timeoutSeconds) for a slow receiver, in seconds as every other timeout', async () => {
      const slow: Answer = (write, res) => {
        setTimeout(() => answerAsV2(write, res), 300);
      };
      const r = await receiverWith(slow);
      const { registry } = registryWithJobs();
      const handle = startRemoteWrite({ url: r.url, registry, intervalSeconds: 3600 });
      try {
        await expect(handle.flush(0.05)).resolves.toBe(false);
        await expect(handle.flush(5)).resolves.toBe(true);
      } finally {
        await handle.stop();
      }
    });

    it('gives a series that disappeared one stale marker, and every series one when it stops', async () => {
      const r = await receiverWith(answerAsLaxV1);
      const { registry, jobs } = registryWithJobs();
      const handle = startRemoteWrite({ url: r.url, registry, version: '1.0', intervalSeconds: 3600 });
      try {
        await handle.flush(5);
        jobs.remove({ queue: 'sms' });
        await handle.flush(5);
        await handle.flush(5);
      } finally {
        await handle.stop();
      }
      const ofJobs = (i: number) =>
        decodeV1Series(r.received[i].body).filter((s) => s.labels.__name__ === 'jobs_total');
      const marked = (i: number) =>
        ofJobs(i)
          .filter((s) => s.stale)
          .map((s) => s.labels.queue);
      expect(ofJobs(0).map((s) => [s.labels.queue, s.value])).toEqual([
        ['mail', 2],
        ['sms', 5],
      ]);
      expect(marked(0)).toEqual([]);
      expect(marked(1)).toEqual(['sms']);
      expect(marked(2)).toEqual([]);
      // stop(): the last values, then a stale marker for each, a millisecond later.
      const last = ofJobs(3);
      expect(last.filter((s) => !s.stale).map((s) => s.labels.queue)).toEqual(['mail']);
      const ended = last.filter((s) => s.stale);
      expect(ended.map((s) => s.labels.queue)).toEqual(['mail']);
      expect(ended[0].timestamp).toBe(last[0].timestamp + 1);
    });

    it('stops within its deadlines while the receiver is down from the start, and says it gave up', async () => {
      const r = await receiverWith((_w, res) => {
        res.writeHead(503);
        res.end();
      });
      const { registry } = registryWithJobs();
      const handle = startRemoteWrite({
        url: r.url,
        registry,
        intervalSeconds: 0.2,
        timeoutSeconds: 0.5,
        stopTimeoutSeconds: 0.5,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await expect(handle.stop()).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(r.received.length).toBeGreaterThan(1);
    });

    it('gives a series dropped by its TTL a stale marker', async () => {
      const r = await receiverWith(answerAsLaxV1);
      const registry = new Registry();
      const depth = new Gauge({
        name: 'queue_depth',
        help: 'Depth.',
        labelNames: ['queue'],
        seriesTtlSeconds: 0.05,
        registers: [registry],
      });
      depth.set({ queue: 'busy' }, 1);
      depth.set({ queue: 'idle' }, 1);
      const handle = startRemoteWrite({ url: r.url, registry, version: '1.0', intervalSeconds: 3600 });
      try {
        await handle.flush(5);
        for (let i = 0; i < 4; i++) {
          await new Promise((resolve) => setTimeout(resolve, 40));
          depth.set({ queue: 'busy' }, i);
          await handle.flush(5);
        }
      } finally {
        await handle.stop();
      }
      const marked = r.received
        .slice(0, -1)
        .flatMap((w) => decodeV1Series(w.body))
        .filter((s) => s.labels.__name__ === 'queue_depth' && s.stale)
        .map((s) => s.labels.queue);
      expect(marked).toEqual(['idle']);
    });

    it('reports its deliveries in promkit_remote_storage_* metrics of the registry', async () => {
      const r = await receiverWith(answerAsLaxV1);
      const { registry } = registryWithJobs();
      const handle = startRemoteWrite({ url: r.url, registry, version: '1.0', intervalSeconds: 3600 });
      try {
        await handle.flush(5);
        const series = decodeV1Series(r.received[0].body).map((s) => s.labels.__name__);
        // The loop's own metrics are part of what it pushes, as Prometheus' are of what it scrapes.
        expect(series).toContain('promkit_remote_storage_samples_total');
        const sent = await registry.getSampleValue('promkit_remote_storage_samples_total', {
          remote_name: 'remote_write',
          url: r.url,
        });
        expect(sent).toBe(series.length);
      } finally {
        await handle.stop();
      }
    });
  });

  describe('many processes', () => {
    it('sends a merged view from PM2 instance 0 only, and from a process outside PM2', () => {
      expect(sendsMergedView({})).toBe(true);
      expect(sendsMergedView({ NODE_APP_INSTANCE: '0' })).toBe(true);
      expect(sendsMergedView({ NODE_APP_INSTANCE: '2' })).toBe(false);
    });
  });

  describe('identity', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('names job and instance after the OpenTelemetry resource, sends target_info, and keeps default labels', async () => {
      process.env.OTEL_SERVICE_NAME = 'checkout';
      process.env.OTEL_RESOURCE_ATTRIBUTES =
        'service.namespace=shop,service.instance.id=pod-7,deployment.environment=prod%20eu,service.name=ignored';
      const r = await receiverWith(answerAsLaxV1);
      const registry = new Registry();
      registry.setDefaultLabels({ region: 'eu-1' });
      new Gauge({ name: 'up_since', help: 'Start time.', registers: [registry] }).set(1);
      await pushRemoteWrite({ url: r.url, registry, version: '1.0' });
      const series = decodeV1Series(r.received[0].body);
      expect(series.map((s) => s.labels)).toEqual([
        {
          __name__: 'target_info',
          deployment_environment: 'prod eu',
          instance: 'pod-7',
          job: 'shop/checkout',
          region: 'eu-1',
        },
        { __name__: 'up_since', instance: 'pod-7', job: 'shop/checkout', region: 'eu-1' },
      ]);
    });

    it('lets the options and a series’ own labels win', async () => {
      const r = await receiverWith(answerAsLaxV1);
      const registry = new Registry();
      new Gauge({ name: 'g', help: 'G.', labelNames: ['instance'], registers: [registry] }).set(
        { instance: 'own' },
        1,
      );
      await pushRemoteWrite({ url: r.url, registry, version: '1.0', job: 'api', instance: 'host-9' });
      expect(decodeV1Series(r.received[0].body)[0].labels).toEqual({
        __name__: 'g',
        instance: 'own',
        job: 'api',
      });
    });
  });
});
