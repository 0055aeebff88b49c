import { Registry } from '../../../lib/core';
import {
  DeliveryError,
  type DeliveryResult,
  type EncodedPayload,
  PushSender,
  type PushSenderOptions,
  remoteWriteRetryableStatus,
} from '../../../lib/export/delivery';
import { Receiver, type Reply } from './receiver';

const payload = (text: string, samples = 1): EncodedPayload => ({ body: text, samples });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['node', 'fetch'] as const)('PushSender over %s', (transport) => {
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
      transport,
      minBackoffMs: 5,
      maxBackoffMs: 20,
      timeoutMs: 2_000,
      ...options,
    });
    senders.push(made);
    return made;
  };
  /** A self-metric's value for the test sender, read from the registry's exposition. */
  const count = async (name: string) => {
    const text = await registry.metrics();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{remote_name="test"`));
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
    expect(await count('promkit_remote_storage_last_send_timestamp_seconds')).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });

  it('sends the sender headers and the payload headers over them', async () => {
    const s = sender({ headers: { authorization: 'Bearer t', 'content-type': 'application/x-protobuf' } });
    await s.send({ body: 'x', samples: 1, headers: { 'content-type': 'application/json' } });
    expect(receiver.requests[0].headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
  });

  it('sends credentials in the url as Basic auth', async () => {
    const url = receiver.url.replace('http://', 'http://pr%C3%B6m:s%3Acret@');
    const result = await sender({ url }).send(payload('x'));
    expect(result.outcome).toBe('delivered');
    expect(receiver.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('pröm:s:cret').toString('base64')}`,
    );
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

  it('waits as a 429 Retry-After says, capped by maxRetryAfterMs', async () => {
    receiver.reply({ status: 429, headers: { 'Retry-After': '30' } });
    const started = Date.now();
    const result = await sender({ maxRetryAfterMs: 300 }).send(payload('x'));
    const waited = Date.now() - started;
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(5_000);
  });

  it('still backs off when Retry-After asks for no wait at all', async () => {
    receiver.reply(
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 429, headers: { 'Retry-After': '0' } },
    );
    const started = Date.now();
    const result = await sender({ minBackoffMs: 100, maxBackoffMs: 100 }).send(payload('x'));
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('follows a Retry-After given as an HTTP date', async () => {
    receiver.reply({ status: 503, headers: { 'Retry-After': new Date(Date.now() + 2_000).toUTCString() } });
    const started = Date.now();
    const result = await sender({ maxRetryAfterMs: 400 }).send(payload('x'));
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('gives the answer body as bytes too, for binary answers', async () => {
    const protobuf = Buffer.from([0x0a, 0x04, 0x08, 0x02, 0xff, 0x80, 0x00]);
    receiver.reply({ status: 200, headers: { 'content-type': 'application/x-protobuf' }, body: protobuf });
    const result = await sender().send(payload('x'));
    expect(result.outcome === 'delivered' && Buffer.from(result.answer.bytes)).toEqual(protobuf);
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

  it('quotes only the start of a long refusal', async () => {
    receiver.reply({ status: 413, body: 'x'.repeat(100_000) });
    const refused = await sender().send(payload('big'));
    const error = refused.outcome === 'failed' ? refused.error : undefined;
    expect(error?.message.startsWith(`POST ${receiver.url} answered 413: xxx`)).toBe(true);
    expect(error?.message.length).toBeLessThan(1_000);
  });

  it('retries a request that hangs past its timeout', async () => {
    receiver.reply('hang');
    const result = await sender({ timeoutMs: 200 }).send(payload('x'));
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(receiver.delivered).toEqual(['x']);
    expect(warnings.some((w) => w.includes('timed out'))).toBe(true);
  });

  it('retries when the receiver closes the connection without answering', async () => {
    receiver.reply('close', 'close');
    const result = await sender().send(payload('x'));
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 3 });
  });

  it('ends every payload once, whatever the receiver answers: each delivered one arrives once, in order', async () => {
    // A fixed pseudo-random mix of answers, so a failure can be replayed.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const kinds: Reply[] = [{ status: 500 }, { status: 429 }, { status: 400 }, 'close', { status: 204 }];
    for (let i = 0; i < 80; i++) receiver.reply(kinds[Math.floor(random() * kinds.length)]);
    const s = sender({ minBackoffMs: 1, maxBackoffMs: 4 });
    const sent = Array.from({ length: 30 }, (_, i) => `p${i}`);
    const results = await Promise.all(sent.map((text) => s.send(payload(text))));
    const delivered = sent.filter((_, i) => results[i].outcome === 'delivered');
    const failed = sent.filter((_, i) => results[i].outcome === 'failed');
    expect(delivered.length + failed.length).toBe(30);
    expect(failed.length).toBeGreaterThan(0);
    expect(receiver.delivered).toEqual(delivered);
    expect(await count('promkit_remote_storage_samples_total')).toBe(delivered.length);
    expect(await count('promkit_remote_storage_samples_failed_total')).toBe(failed.length);
  });

  it('drops the oldest payloads when the queue is full, and counts them', async () => {
    receiver.fallback = { status: 503 };
    const s = sender({ maxPendingSamples: 3 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((text) => s.send(payload(text)));
    expect(s.pendingSamples).toBe(3);
    expect(await count('promkit_remote_storage_samples_pending')).toBe(3);
    // 'a' is being sent: its answer, not the queue, decides how it ends.
    await expect(results[1]).resolves.toMatchObject({ outcome: 'dropped', reason: 'overflow' });
    await expect(results[2]).resolves.toMatchObject({ outcome: 'dropped', reason: 'overflow' });
    expect(await count('promkit_remote_storage_samples_dropped_total')).toBe(2);
    receiver.fallback = { status: 204 };
    const ends = await Promise.all([results[0], results[3], results[4]]);
    expect(ends.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.delivered).toEqual(['a', 'd', 'e']);
    expect(warnings.filter((w) => w.includes('is full')).length).toBe(1);
  });

  it('never holds more bytes than maxPendingBytes, however long the receiver is down', async () => {
    receiver.fallback = { status: 503 };
    const s = sender({ maxPendingBytes: 100 });
    const results: Promise<DeliveryResult>[] = [];
    let most = 0;
    for (let i = 0; i < 50; i++) {
      results.push(s.send(payload(`${String(i).padStart(2, '0')}${'.'.repeat(28)}`)));
      most = Math.max(most, s.pendingBytes);
      if (i % 10 === 0) await sleep(5);
    }
    expect(most).toBeLessThanOrEqual(100);
    expect(s.pendingPayloads).toBe(3);
    expect(await count('promkit_remote_storage_samples_dropped_total')).toBe(47);
    await expect(s.send(payload('y'.repeat(101)))).resolves.toMatchObject({
      outcome: 'dropped',
      reason: 'too-large',
    });
    expect(s.pendingPayloads).toBe(3);
  });

  it('loses nothing while the queue holds: a receiver down then up gets every payload once, in order', async () => {
    const port = receiver.port;
    await receiver.stop();
    const s = sender();
    const sent = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const results = sent.map((text) => s.send(payload(text)));
    await sleep(100);
    expect(s.pendingPayloads).toBe(10);
    receiver = await Receiver.start(port);
    await Promise.all(results);
    expect(receiver.delivered).toEqual(sent);
    expect(receiver.requests.length).toBe(10);
    expect(await count('promkit_remote_storage_samples_total')).toBe(10);
  });

  it('close() delivers what is queued within its deadline, then drops the rest', async () => {
    receiver.reply({ status: 503 });
    const s = sender();
    const delivered = s.send(payload('a'));
    await expect(s.close(2_000)).resolves.toBe(true);
    await expect(delivered).resolves.toMatchObject({ outcome: 'delivered' });

    receiver.fallback = { status: 503 };
    const stuck = sender({ remoteName: 'stuck' });
    const late = stuck.send(payload('b'));
    const waiting = stuck.flush();
    const started = Date.now();
    await expect(stuck.close(150)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(late).resolves.toMatchObject({ outcome: 'dropped', reason: 'closed' });
    await expect(waiting).resolves.toBe(false);
    await expect(stuck.send(payload('c'))).resolves.toMatchObject({ outcome: 'dropped', reason: 'closed' });
  });

  it('lets a hook send a re-encoded payload in place of a refused one', async () => {
    receiver.reply({ status: 415, body: 'unsupported' });
    const s = sender({
      resend: async (answer, refused) =>
        answer.status === 415
          ? { body: `v1:${String(refused.context)}`, samples: refused.samples, context: refused.context }
          : undefined,
    });
    const result = await s.send({ body: 'v2', samples: 1, context: 'series' });
    expect(result).toMatchObject({ outcome: 'delivered', payload: { context: 'series' } });
    expect(receiver.requests.map((r) => r.body)).toEqual(['v2', 'v1:series']);
  });

  it('keeps within maxPendingBytes when a re-encoded payload is larger, dropping the oldest behind it', async () => {
    receiver.reply({ status: 415 });
    const s = sender({
      maxPendingBytes: 10,
      resend: (answer) => (answer.status === 415 ? payload('cccccccc') : undefined),
    });
    const first = s.send(payload('aaaa'));
    const second = s.send(payload('bbbb'));
    await expect(second).resolves.toMatchObject({ outcome: 'dropped', reason: 'overflow' });
    expect(s.pendingBytes).toBeLessThanOrEqual(10);
    await expect(first).resolves.toMatchObject({ outcome: 'delivered' });
    expect(receiver.delivered).toEqual(['cccccccc']);
  });

  it('takes the answer as final after a few replacements the receiver refused too', async () => {
    receiver.fallback = { status: 415, body: 'still unsupported' };
    const s = sender({ resend: (_, refused) => ({ ...refused }) });
    const result = await s.send(payload('x', 4));
    expect(result).toMatchObject({ outcome: 'failed', answer: { status: 415 } });
    expect(receiver.requests.length).toBe(4);
    expect(await count('promkit_remote_storage_samples_failed_total')).toBe(4);
  });
});
