import { Registry } from '../../../lib/core';
import {
  type Collected,
  type DeliveryResult,
  type EncodedPayload,
  type PushLoopOptions,
  PushSender,
  remoteWriteRetryableStatus,
  startPushLoop,
} from '../../../lib/export/delivery';
import { Receiver } from './receiver';

const payload = (text: string): EncodedPayload => ({ body: text, samples: 1 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startPushLoop', () => {
  let receiver: Receiver;
  let warnings: string[];
  let sender: PushSender;

  beforeEach(async () => {
    receiver = await Receiver.start();
    warnings = [];
    sender = new PushSender({
      url: receiver.url,
      remoteName: 'rw',
      retryableStatus: remoteWriteRetryableStatus,
      registry: new Registry(undefined, { onWarning: (message) => warnings.push(message) }),
      minBackoffMs: 5,
      maxBackoffMs: 20,
    });
  });

  afterEach(async () => {
    await sender.close();
    await receiver.stop();
  });

  it('collects every interval and never runs two collections at once', async () => {
    let running = 0;
    let most = 0;
    let collections = 0;
    const loop = startPushLoop({
      sender,
      intervalSeconds: 0.02,
      collect: async () => {
        running++;
        most = Math.max(most, running);
        collections++;
        await sleep(70);
        running--;
        return payload(`c${collections}`);
      },
    });
    await sleep(400);
    const flushed = loop.flush(2_000);
    await loop.stop();
    await flushed;
    expect(most).toBe(1);
    expect(collections).toBeGreaterThanOrEqual(3);
    // Each collection's payload arrived once, in collection order.
    expect(receiver.delivered).toEqual(receiver.delivered.map((_, i) => `c${i + 1}`));
  });

  it('skips the ticks that come while a collection runs, under fake timers too', async () => {
    jest.useFakeTimers();
    try {
      const delivered: string[] = [];
      const inMemory = new PushSender({
        url: 'http://127.0.0.1:9/write',
        remoteName: 'fake',
        retryableStatus: remoteWriteRetryableStatus,
        registry: new Registry(),
        transport: {
          send: async (request) => {
            delivered.push(new TextDecoder().decode(request.body));
            return { status: 204, headers: {}, body: '', bytes: new Uint8Array(0) };
          },
        },
      });
      const starts: number[] = [];
      const loop = startPushLoop({
        sender: inMemory,
        intervalSeconds: 1,
        collect: async () => {
          starts.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, 2_500));
          return payload(`at ${starts.length}`);
        },
      });
      const t0 = Date.now();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(starts.map((t) => t - t0)).toEqual([1_000, 4_000, 7_000, 10_000]);
      expect(delivered).toEqual(['at 1', 'at 2', 'at 3']);
      const stopped = loop.stop();
      await jest.advanceTimersByTimeAsync(5_000);
      await expect(stopped).resolves.toBe(true);
      expect(delivered).toEqual(['at 1', 'at 2', 'at 3', 'at 4', 'at 5']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stop() runs the final collection and resolves once it is delivered', async () => {
    receiver.reply({ status: 503 }, { status: 500 });
    const loop = startPushLoop({
      sender,
      intervalSeconds: 3_600,
      collect: () => payload('regular'),
      finalCollect: () => [payload('last'), payload('stale markers')],
    });
    await expect(loop.stop()).resolves.toBe(true);
    expect(receiver.delivered).toEqual(['last', 'stale markers']);
    await expect(loop.stop()).resolves.toBe(true);
    expect(receiver.requests.length).toBe(4);
  });

  it('stop() gives up at its deadline when the receiver stays down, counting what it dropped', async () => {
    receiver.fallback = { status: 503 };
    const loop = startPushLoop({
      sender,
      intervalSeconds: 3_600,
      collect: () => payload('never'),
      stopTimeoutMs: 150,
    });
    const started = Date.now();
    await expect(loop.stop()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sender.pendingPayloads).toBe(0);
  });

  it('stop() ends within its deadline even when the last collection never does', async () => {
    const loop = startPushLoop({
      sender,
      intervalSeconds: 3_600,
      collect: () => new Promise<Collected>(() => undefined),
      stopTimeoutMs: 150,
    });
    const started = Date.now();
    await expect(loop.stop()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('tells onResult how each payload ended, with the receiver answer', async () => {
    receiver.reply({ status: 200, headers: { 'X-Prometheus-Remote-Write-Samples-Written': '1' } });
    const results: DeliveryResult[] = [];
    const loop = startPushLoop({
      sender,
      intervalSeconds: 3_600,
      collect: () => payload('one'),
      onResult: (result) => results.push(result),
    });
    await loop.flush(2_000);
    expect(results).toMatchObject([
      {
        outcome: 'delivered',
        answer: { status: 200, headers: { 'x-prometheus-remote-write-samples-written': '1' } },
      },
    ]);
    await loop.stop();
  });

  it('flush() collects now and resolves once delivered', async () => {
    let n = 0;
    const loop = startPushLoop({ sender, intervalSeconds: 3_600, collect: () => payload(`f${++n}`) });
    await expect(loop.flush(2_000)).resolves.toBe(true);
    expect(receiver.delivered).toEqual(['f1']);
    await loop.stop();
  });

  it('reports a collection that throws and keeps going', async () => {
    let n = 0;
    const loop = startPushLoop({
      sender,
      intervalSeconds: 0.02,
      collect: (): Collected => {
        n++;
        if (n === 1) throw new Error('collector broke');
        return n === 2 ? payload('after') : undefined;
      },
    });
    await sleep(150);
    await loop.stop();
    expect(warnings.some((w) => w.includes('collecting metrics to push failed'))).toBe(true);
    expect(receiver.delivered).toContain('after');
  });

  it.each([
    [
      { intervalSeconds: 0 },
      'promkit rw loop: intervalSeconds must be a number of seconds above 0, at most 2147483 (what a timer can wait), got 0',
    ],
    [
      { intervalSeconds: 3e6 },
      'promkit rw loop: intervalSeconds must be a number of seconds above 0, at most 2147483 (what a timer can wait), got 3000000',
    ],
    [{ collect: 'metrics' }, "promkit rw loop: collect must be a function, got 'metrics'"],
    [{ stopTimeoutMs: -1 }, 'promkit rw loop: stopTimeoutMs must be a number of 0 or more, got -1'],
    [{ sender: undefined }, 'promkit push loop: the option sender is required'],
    [{ intervalSecs: 5 }, 'did you mean "intervalSeconds"?'],
  ])('refuses %j with an error naming the option', (override, message) => {
    expect(() =>
      startPushLoop({ sender, intervalSeconds: 1, collect: () => undefined, ...override } as PushLoopOptions),
    ).toThrow(message);
  });
});
