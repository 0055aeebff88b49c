import {
  Counter,
  MetricConfigError,
  type MetricsPusher,
  Registry,
  type RegistryContentType,
  type RemoteWriteHandle,
  startRemoteWrite,
  useServerlessInstanceId,
  withMetricsFlush,
} from 'promkit';
import { serverlessInstanceId } from '../../../lib/export';
import { decodeV1Series } from '../../support/remote-write-decode';
import { type Answer, type FakeReceiver, startFakeReceiver } from '../../support/remote-write-receiver';

/**
 * A function container as Lambda runs it: timers run only while an
 * invocation is under way; between invocations the clock moves on and no
 * timer fires (the container is frozen). Sockets stay real.
 */
const immediate = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `call` as one live invocation: fake time passes and real I/O happens until it settles. */
async function invoke<T>(call: () => Promise<T>): Promise<T> {
  let settled = false;
  const running = call().finally(() => {
    settled = true;
  });
  running.catch(() => undefined);
  while (!settled) {
    await jest.advanceTimersByTimeAsync(5);
    await immediate();
  }
  return running;
}

/** Freezes the container for `ms`: the clock moves on, no timer runs, nothing is sent. */
async function freeze(ms: number): Promise<void> {
  jest.setSystemTime(Date.now() + ms);
  for (let i = 0; i < 20; i++) await immediate();
}

const lambdaContext = (remainingMs = 30_000) => ({
  functionName: 'orders',
  getRemainingTimeInMillis: () => remainingMs,
});

const neverAnswers: Answer = () => undefined;

/** The value of `name` in the last collection the receiver got. */
function lastValue(receiver: FakeReceiver, name: string): { value: number; instance: string } {
  const last = receiver.received.at(-1);
  if (last === undefined) throw new Error('nothing was pushed');
  const series = decodeV1Series(last.body).find((s) => s.labels.__name__ === name);
  if (series === undefined) throw new Error(`${name} was not in the last push`);
  return { value: series.value, instance: series.labels.instance };
}

describe('withMetricsFlush in a container frozen between invocations', () => {
  let receiver: FakeReceiver | undefined;
  let pusher: RemoteWriteHandle | undefined;
  let warnings: string[];
  let registry: Registry<RegistryContentType>;
  let invocations: Counter;

  const start = async (answer?: Answer) => {
    receiver = await startFakeReceiver(answer);
    pusher = startRemoteWrite({
      url: receiver.url,
      registry,
      version: '1.0',
      intervalSeconds: 30,
      timeoutSeconds: 10,
      instance: serverlessInstanceId(),
    });
    return pusher;
  };

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    warnings = [];
    registry = new Registry(undefined, { onWarning: (message) => warnings.push(message) });
    invocations = new Counter({ name: 'invocations_total', help: 'Invocations.', registers: [registry] });
  });

  afterEach(async () => {
    if (pusher) await invoke(() => pusher!.stop());
    pusher = undefined;
    jest.useRealTimers();
    await receiver?.close();
    receiver = undefined;
  });

  it('has pushed each invocation count before the invocation returns, nothing while frozen, cumulative per instance', async () => {
    const handle = await start();
    const handler = withMetricsFlush(
      async (event: { n: number }, _context: unknown) => {
        invocations.inc();
        return { done: event.n };
      },
      { pusher: handle, registry, deadlineSeconds: 2 },
    );
    for (let n = 1; n <= 5; n++) {
      await expect(invoke(() => handler({ n }, lambdaContext()))).resolves.toEqual({ done: n });
      const last = lastValue(receiver!, 'invocations_total');
      expect(last).toEqual({ value: n, instance: serverlessInstanceId() });
      const before = receiver!.received.length;
      await freeze(60_000);
      expect(receiver!.received.length).toBe(before);
    }
    expect(lastValue(receiver!, 'invocations_total').value).toBe(5);
    expect(warnings).toEqual([]);
  });

  it('returns within its deadline, with the handler result, while the receiver hangs', async () => {
    const handle = await start(neverAnswers);
    const handler = withMetricsFlush(async (_event: unknown, _context: unknown) => 'ok', {
      pusher: handle,
      registry,
      deadlineSeconds: 1,
    });
    const t0 = Date.now();
    await expect(invoke(() => handler({}, lambdaContext()))).resolves.toBe('ok');
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThanOrEqual(1010);
    expect(receiver!.received).toHaveLength(1);
    expect(warnings).toEqual([
      'promkit serverless: the metrics were not delivered within 1000 ms; the invocation returns without them',
    ]);
  });

  it('gives up before the Lambda context runs out of time, when that comes before the deadline', async () => {
    const handle = await start(neverAnswers);
    const handler = withMetricsFlush(async (_event: unknown, _context: unknown) => 'ok', {
      pusher: handle,
      registry,
      deadlineSeconds: 5,
    });
    const t0 = Date.now();
    await expect(invoke(() => handler({}, lambdaContext(600)))).resolves.toBe('ok');
    expect(Date.now() - t0).toBeLessThanOrEqual(510);
  });

  it('rethrows the handler error untouched, after the metrics were flushed', async () => {
    const handle = await start();
    const failure = new TypeError('the order has no lines');
    const handler = withMetricsFlush(
      async (_event: unknown, _context: unknown) => {
        invocations.inc();
        throw failure;
      },
      { pusher: handle, registry },
    );
    const thrown = await invoke(() => handler({}, lambdaContext())).catch((error: unknown) => error);
    expect(thrown).toBe(failure);
    expect(lastValue(receiver!, 'invocations_total').value).toBe(1);
    expect(warnings).toEqual([]);
  });
});

describe('withMetricsFlush with a pusher that fails', () => {
  const handler = async (event: string) => `handled ${event}`;
  const flushWith = (flush: MetricsPusher['flush']) => {
    const warnings: { message: string; error: unknown }[] = [];
    const registry = new Registry(undefined, {
      onWarning: (message, error) => warnings.push({ message, error }),
    });
    return {
      wrapped: withMetricsFlush(handler, { pusher: { flush }, registry, deadlineSeconds: 0.2 }),
      warnings,
    };
  };

  it('returns the result when flush() throws, rejects or reports undelivered metrics, and says so', async () => {
    const broken = new Error('no route to the receiver');
    for (const flush of [
      () => {
        throw broken;
      },
      () => Promise.reject(broken),
    ]) {
      const { wrapped, warnings } = flushWith(flush);
      await expect(wrapped('a')).resolves.toBe('handled a');
      expect(warnings).toEqual([
        { message: 'promkit serverless: flushing the metrics after the invocation failed', error: broken },
      ]);
    }
    const { wrapped, warnings } = flushWith(async () => false);
    await expect(wrapped('b')).resolves.toBe('handled b');
    expect(warnings.map((w) => w.message)).toEqual([
      'promkit serverless: the metrics flushed after the invocation were not all delivered',
    ]);
  });

  it('says nothing more when a flush given up on rejects later', async () => {
    let reject!: (error: Error) => void;
    const { wrapped, warnings } = flushWith(() => new Promise<boolean>((_, r) => (reject = r)));
    await expect(wrapped('c')).resolves.toBe('handled c');
    reject(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.message)).toEqual([
      'promkit serverless: the metrics were not delivered within 200 ms; the invocation returns without them',
    ]);
  });

  it('calls the handler with its own this and arguments', async () => {
    const service = {
      prefix: 'svc',
      handle: withMetricsFlush(
        function (this: { prefix: string }, a: string, b: number) {
          return `${this.prefix} ${a} ${b}`;
        },
        { pusher: { flush: async () => true } },
      ),
    };
    await expect(service.handle('x', 2)).resolves.toBe('svc x 2');
  });
});

describe('withMetricsFlush options', () => {
  const handler = async () => 1;
  const pusher = { flush: async () => true };

  it.each([
    [{}, /withMetricsFlush.*pusher is required/],
    [{ pusher: {} }, /pusher.*an object with a flush\(\) method/],
    [{ pusher, deadlineSeconds: -1 }, /deadlineSeconds.*a number of seconds from 0 to 2147483/],
    [{ pusher, deadlineSeconds: Number.NaN }, /deadlineSeconds/],
    [{ pusher, registry: {} }, /registry.*a Registry/],
  ])('refuses %p with an error naming the option', (options, message) => {
    expect(() => withMetricsFlush(handler, options as never)).toThrow(MetricConfigError);
    expect(() => withMetricsFlush(handler, options as never)).toThrow(message);
  });

  it('refuses a handler that is not a function', () => {
    expect(() => withMetricsFlush('handler' as never, { pusher })).toThrow(
      'withMetricsFlush: the handler must be a function',
    );
  });
});

describe('serverlessInstanceId', () => {
  it('is one UUID for the life of the process, and a new one for a new process (a cold start)', () => {
    const id = serverlessInstanceId({});
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(serverlessInstanceId({})).toBe(id);
    let coldStart: string | undefined;
    jest.isolateModules(() => {
      coldStart = (
        require('../../../lib/export') as typeof import('../../../lib/export')
      ).serverlessInstanceId({});
    });
    expect(coldStart).toMatch(/^[0-9a-f-]{36}$/);
    expect(coldStart).not.toBe(id);
  });

  it('is put in OTEL_RESOURCE_ATTRIBUTES by useServerlessInstanceId, unless one is there', () => {
    const env: NodeJS.ProcessEnv = { OTEL_RESOURCE_ATTRIBUTES: 'service.name=orders' };
    const id = useServerlessInstanceId(env);
    expect(id).toBe(serverlessInstanceId({}));
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe(`service.name=orders,service.instance.id=${id}`);
    expect(useServerlessInstanceId(env)).toBe(id);
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe(`service.name=orders,service.instance.id=${id}`);
    const set: NodeJS.ProcessEnv = { OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=fn-7' };
    expect(useServerlessInstanceId(set)).toBe('fn-7');
    expect(set.OTEL_RESOURCE_ATTRIBUTES).toBe('service.instance.id=fn-7');
    const empty: NodeJS.ProcessEnv = {};
    useServerlessInstanceId(empty);
    expect(empty.OTEL_RESOURCE_ATTRIBUTES).toBe(`service.instance.id=${id}`);
  });

  it('is the service.instance.id that OTEL_RESOURCE_ATTRIBUTES sets', () => {
    expect(
      serverlessInstanceId({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=orders,service.instance.id=fn%2F7' }),
    ).toBe('fn/7');
  });
});
