import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../support/browser-bundle';
import { decodeOtlpProtobuf } from '../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { decodeV1Series } from '../support/remote-write-decode';
import { type FakeReceiver, startFakeReceiver } from '../support/remote-write-receiver';
import { waitFor } from '../support/wait-for';

const WORKER = join(__dirname, 'fixtures', 'pushing-worker.mjs');
const REQUESTS = 3;

/** The value of `worker_requests_total` in an OTLP export (a monotonic sum). */
function otlpCount(body: Buffer): number {
  const metrics = decodeOtlpProtobuf(body).resourceMetrics.flatMap((r: any) =>
    r.scopeMetrics.flatMap((s: any) => s.metrics),
  );
  const counter = metrics.find((m: any) => m.name === 'worker_requests_total');
  return Number(counter.sum.dataPoints[0].asDouble);
}

describe('a Cloudflare Worker pushing at the end of each request (workerd through miniflare)', () => {
  let worker: Miniflare;
  let otlp: OtlpReceiver;
  let remoteWrite: FakeReceiver;

  beforeAll(async () => {
    [otlp, remoteWrite] = await Promise.all([startOtlpReceiver(), startFakeReceiver()]);
    worker = new Miniflare({
      modules: true,
      script: await bundleWorker(WORKER),
      compatibilityDate: '2025-09-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: { OTEL_SERVICE_NAME: 'checkout-worker' },
    });
    await worker.ready;
  }, 30_000);

  afterAll(async () => {
    await worker?.dispose();
    await Promise.all([otlp?.close(), remoteWrite?.close()]);
  });

  /** Requests the Worker counted so far, across tests. */
  let counted = 0;
  async function count(url: string): Promise<void> {
    expect(await (await worker.dispatchFetch(url)).text()).toBe('ok');
    counted++;
  }
  const outcome = async () => (await worker.dispatchFetch('http://worker/?outcome')).text();

  it('pushOtlp in ctx.waitUntil delivers each request, the last with the count of all', async () => {
    otlp.skipReceived();
    const url = `http://worker/?otlp=${encodeURIComponent(otlp.url)}`;
    const counts: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      await count(url);
      expected.push(counted);
      const push = await otlp.nextRequest(5000);
      expect(push.headers['content-type']).toBe('application/x-protobuf');
      counts.push(otlpCount(push.body));
    }
    expect(counts).toEqual(expected);
    const resource = decodeOtlpProtobuf(otlp.requests.at(-1)!.body).resourceMetrics[0].resource;
    expect(resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'checkout-worker' },
    });
    expect(await outcome()).toBe('delivered');
  }, 20_000);

  it('pushRemoteWrite in ctx.waitUntil delivers each request, the last with the count of all', async () => {
    await count('http://worker/');
    const start = remoteWrite.received.length;
    const url = `http://worker/?remoteWrite=${encodeURIComponent(remoteWrite.url)}&instance=edge-1`;
    for (let i = 0; i < REQUESTS; i++) {
      await count(url);
      await waitFor(async () => (remoteWrite.received.length > start + i ? true : undefined), {
        what: `Remote Write push ${i + 1}`,
        timeoutMs: 5000,
      });
    }
    const last = decodeV1Series(remoteWrite.received.at(-1)!.body);
    const counter = last.find((s) => s.labels.__name__ === 'worker_requests_total')!;
    expect(counter).toMatchObject({ value: counted, labels: { job: 'worker', instance: 'edge-1' } });
    expect(await outcome()).toBe('delivered');
  }, 20_000);

  it('pushRemoteWrite without an instance rejects at the call, naming both ways to give one; the Worker keeps answering', async () => {
    const start = remoteWrite.received.length;
    const url = `http://worker/?remoteWrite=${encodeURIComponent(remoteWrite.url)}`;
    await count(url);
    const failure = await waitFor(async () => ((await outcome()) === 'delivered' ? undefined : outcome()), {
      what: 'the push to end',
      timeoutMs: 5000,
    });
    expect(failure).toMatch(
      /^RuntimeUnsupportedError: promkit: Remote Write with neither an instance option nor service\.instance\.id in OTEL_RESOURCE_ATTRIBUTES /,
    );
    expect(remoteWrite.received.length).toBe(start);
  }, 20_000);

  it('pushRemoteWrite takes the instance from service.instance.id in OTEL_RESOURCE_ATTRIBUTES', async () => {
    await worker.setOptions({
      modules: true,
      script: await bundleWorker(WORKER),
      compatibilityDate: '2025-09-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: {
        OTEL_SERVICE_NAME: 'checkout-worker',
        OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=edge-2',
      },
    });
    const start = remoteWrite.received.length;
    expect(
      await (
        await worker.dispatchFetch(`http://worker/?remoteWrite=${encodeURIComponent(remoteWrite.url)}`)
      ).text(),
    ).toBe('ok');
    await waitFor(async () => (remoteWrite.received.length > start ? true : undefined), {
      what: 'the Remote Write push',
      timeoutMs: 5000,
    });
    const counter = decodeV1Series(remoteWrite.received.at(-1)!.body).find(
      (s) => s.labels.__name__ === 'worker_requests_total',
    );
    // A new script starts counting again.
    expect(counter).toMatchObject({ value: 1, labels: { job: 'worker', instance: 'edge-2' } });
  }, 20_000);
});
