import { Registry } from '../../../lib/core';
import {
  DeliveryError,
  type EncodedPayload,
  PushSender,
  type PushSenderOptions,
  remoteWriteRetryableStatus,
} from '../../../lib/export/delivery';
import { Receiver } from './receiver';

const payload = (text: string, samples = 1): EncodedPayload => ({ body: text, samples });

describe('PushSender', () => {
  let receiver: Receiver;
  let registry: Registry<any>;
  let warnings: string[];
  const senders: PushSender[] = [];

  const sender = (options: Partial<PushSenderOptions> = {}) => {
    const made = new PushSender({
      url: receiver.url,
      remoteName: 'test',
      retryableStatus: remoteWriteRetryableStatus,
      registry,
      minBackoffMs: 5,
      maxBackoffMs: 20,
      timeoutMs: 2_000,
      ...options,
    });
    senders.push(made);
    return made;
  };
  const count = async (name: string) => {
    const text = await registry.metrics();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  beforeEach(async () => {
    receiver = await Receiver.start();
    warnings = [];
    registry = new Registry(undefined, { onWarning: (message) => warnings.push(message) });
  });

  afterEach(async () => {
    for (const s of senders.splice(0)) await s.close();
    await receiver.stop();
  });

  it('delivers payloads in order, each resolving with the receiver answer and its headers', async () => {
    receiver.reply({ status: 204, headers: { 'X-Prometheus-Remote-Write-Samples-Written': '3' } });
    const s = sender();
    const results = await Promise.all([s.send(payload('a', 3)), s.send(payload('b')), s.send(payload('c'))]);
    expect(receiver.delivered).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    const first = results[0];
    expect(first.outcome === 'delivered' && first.answer.status).toBe(204);
    expect(
      first.outcome === 'delivered' && first.answer.headers['x-prometheus-remote-write-samples-written'],
    ).toBe('3');
    expect(await count('promkit_remote_storage_samples_total')).toBe(5);
    expect(await count('promkit_remote_storage_bytes_total')).toBe(3);
    expect(await count('promkit_remote_storage_samples_pending')).toBe(0);
  });

  it('retries a 500 until the receiver takes the payload', async () => {
    receiver.reply({ status: 500 }, { status: 503 });
    const result = await sender().send(payload('x', 2));
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 3 });
    expect(receiver.requests.map((r) => r.body)).toEqual(['x', 'x', 'x']);
    expect(await count('promkit_remote_storage_samples_retried_total')).toBe(4);
    expect(warnings.some((w) => w.includes('failed (status 500)'))).toBe(true);
    expect(warnings.some((w) => w.includes('again, after 2 failed attempts'))).toBe(true);
  });

  it('does not retry a 400 and reports the url, the status and the receiver message', async () => {
    receiver.reply({ status: 400, body: 'out of order sample for series up' });
    const s = sender();
    const refused = await s.send(payload('bad', 7));
    const next = await s.send(payload('good'));
    expect(refused.outcome).toBe('failed');
    const error = refused.outcome === 'failed' ? refused.error : undefined;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error?.message).toBe(`POST ${receiver.url} answered 400: out of order sample for series up`);
    expect(next.outcome).toBe('delivered');
    expect(receiver.requests.map((r) => r.body)).toEqual(['bad', 'good']);
    expect(await count('promkit_remote_storage_samples_failed_total')).toBe(7);
    expect(warnings.some((w) => w.includes('answered 400: out of order sample'))).toBe(true);
  });
});
