import { Registry } from '../../../lib/core';
import { PushSender, type PushSenderOptions, remoteWriteRetryableStatus } from '../../../lib/export/delivery';

const base: PushSenderOptions = {
  url: 'http://127.0.0.1:9/api/v1/write',
  remoteName: 'rw',
  retryableStatus: remoteWriteRetryableStatus,
};

describe('PushSender options', () => {
  it.each([
    [{ url: 'ftp://example/x' }, "promkit rw sender: url must be an http(s) URL, got 'ftp://example/x'"],
    [
      { timeoutMs: 0 },
      'promkit rw sender: timeoutMs must be a number of milliseconds above 0, at most 2147483647 (what a timer can wait), got 0',
    ],
    [
      { maxBackoffMs: 2 ** 31 },
      'promkit rw sender: maxBackoffMs must be a number of milliseconds above 0, at most 2147483647 (what a timer can wait), got 2147483648',
    ],
    [{ maxPendingBytes: 1.5 }, 'promkit rw sender: maxPendingBytes must be an integer of 1 or more, got 1.5'],
    [
      { minBackoffMs: 100, maxBackoffMs: 10 },
      'promkit rw sender: minBackoffMs (100) must not be above maxBackoffMs (10)',
    ],
    [
      { transport: 'xhr' },
      "promkit rw sender: transport must be 'node' or 'fetch' or an object with a send() method, got 'xhr'",
    ],
    [{ maxPendingSampels: 5 }, 'did you mean "maxPendingSamples"?'],
    [
      { headers: { authorization: 'Bearer a\r\nX-Injected: 1' } },
      'promkit rw sender: headers has a header authorization whose value holds a line break or NUL',
    ],
    [
      { headers: { 'bad name': 'x' } },
      'promkit rw sender: headers has a header name that is not an HTTP token: "bad name"',
    ],
    [{ url: undefined }, 'promkit rw sender: the option url is required'],
  ])('refuses %j with an error naming the option', (override, message) => {
    expect(() => new PushSender({ ...base, ...override } as PushSenderOptions)).toThrow(message);
  });

  it('never shows a header value in its errors', () => {
    expect(() => new PushSender({ ...base, headers: { authorization: 'Bearer s3cr3t\n' } })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }),
    );
  });

  it('labels its metrics with the url without credentials or query', async () => {
    const registry = new Registry();
    const sender = new PushSender({
      ...base,
      registry,
      url: 'https://user:secret@metrics.example/push?token=abc',
    });
    const text = await registry.metrics();
    expect(text).toContain(
      'promkit_remote_storage_samples_total{remote_name="rw",url="https://metrics.example/push"} 0',
    );
    expect(text).not.toContain('secret');
    expect(text).not.toContain('abc');
    await sender.close();
    expect(await registry.metrics()).not.toContain('promkit_remote_storage');
  });

  it('shares one set of series between senders to the same receiver in a registry', async () => {
    const registry = new Registry();
    const one = new PushSender({
      ...base,
      registry,
      transport: { send: () => new Promise(() => undefined) },
    });
    const two = new PushSender({
      ...base,
      registry,
      transport: { send: () => new Promise(() => undefined) },
    });
    void one.send({ body: 'a', samples: 2 });
    void two.send({ body: 'b', samples: 3 });
    const text = await registry.metrics();
    expect(text.match(/^promkit_remote_storage_samples_pending\{/gm)?.length).toBe(1);
    expect(text).toContain(
      'promkit_remote_storage_samples_pending{remote_name="rw",url="http://127.0.0.1:9/api/v1/write"} 5',
    );
    await one.close();
    await two.close();
  });

  it('reports again in a registry that was cleared, once a sender is made', async () => {
    const registry = new Registry();
    await new PushSender({ ...base, registry }).close();
    registry.clear();
    const sender = new PushSender({ ...base, registry });
    expect(await registry.metrics()).toContain('promkit_remote_storage_samples_total');
    await sender.close();
  });

  it('resolves a malformed payload as failed, naming what was wrong', async () => {
    const warnings: string[] = [];
    const registry = new Registry(undefined, { onWarning: (m) => warnings.push(m) });
    const sender = new PushSender({ ...base, registry });
    const result = await sender.send({ body: 42, samples: -1 } as never);
    expect(result.outcome).toBe('failed');
    expect(result.outcome === 'failed' && result.error.message).toBe(
      'promkit rw: a payload must have a body (a Uint8Array or a string) and samples (a whole number, 0 or more); got body number, samples -1',
    );
    expect(sender.pendingPayloads).toBe(0);
    const badHeaders = await sender.send({ body: 'x', samples: 1, headers: { 'content-type': 'a\nb' } });
    expect(badHeaders.outcome === 'failed' && badHeaders.error.message).toBe(
      "promkit rw: a payload's headers has a header content-type whose value holds a line break or NUL",
    );
    await sender.close();
  });
});
