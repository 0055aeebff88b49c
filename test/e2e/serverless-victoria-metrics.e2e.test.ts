import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describeWithTool } from '../support/external-tool';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
  victoriaMetricsServer,
} from '../support/victoria-metrics';
import { waitFor } from '../support/wait-for';

/**
 * withMetricsFlush in a function container frozen (SIGSTOP) between
 * invocations, pushing to a real VictoriaMetrics 1.79: what it stores for
 * the container's instance is exactly the number of invocations, each
 * pushed before its invocation returned.
 */

const fixture = join(__dirname, 'fixtures', 'function-container.ts');
const preload = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  join(__dirname, '..', 'support', 'resolve-promkit-from-source.ts'),
];

/** Compiling promkit's sources in the child is slow on a loaded machine. */
const STARTUP_MS = 80_000;

/** One function container: invocations in, answers out, frozen in between. */
class FunctionContainer {
  private readonly answers: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(line);
      else this.answers.push(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
  }

  static async start(): Promise<{ container: FunctionContainer; instance: string }> {
    const env = { ...process.env };
    delete env.OTEL_RESOURCE_ATTRIBUTES;
    const child = spawn(process.execPath, [...preload, fixture], { env, stdio: 'pipe' });
    const container = new FunctionContainer(child);
    try {
      const ready = JSON.parse(await container.next(STARTUP_MS)) as { ready: string };
      return { container, instance: ready.ready };
    } catch (error) {
      await container.stop();
      throw error;
    }
  }

  get warnings(): string {
    return this.stderr;
  }

  /** Where its metrics go, once the receiver is up. */
  pushTo(url: string): void {
    this.child.stdin.write(`${url}\n`);
  }

  /** One invocation: resolves with the handler's answer once the invocation has returned. */
  async invoke(event: object): Promise<unknown> {
    this.child.stdin.write(`${JSON.stringify(event)}\n`);
    return JSON.parse(await this.next(10_000));
  }

  /** Freezes the whole process, timers and sockets, as the platform does between invocations. */
  freeze(): void {
    this.child.kill('SIGSTOP');
  }

  thaw(): void {
    this.child.kill('SIGCONT');
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
    return exited;
  }

  private next(timeoutMs: number): Promise<string> {
    const queued = this.answers.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`the function container did not answer within ${timeoutMs} ms:\n${this.stderr}`));
      }, timeoutMs);
      this.waiting = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
    });
  }
}

describeWithTool(victoriaMetricsServer, 'withMetricsFlush to a real VictoriaMetrics', () => {
  let vm: VictoriaMetricsServer | undefined;
  let warm: { container: FunctionContainer; instance: string } | undefined;
  let cold: { container: FunctionContainer; instance: string } | undefined;

  // Both containers start with VictoriaMetrics: compiling promkit in each child is what takes time.
  beforeAll(async () => {
    const started = await Promise.allSettled([
      startVictoriaMetrics(),
      (async () => (warm = await FunctionContainer.start()))(),
      (async () => (cold = await FunctionContainer.start()))(),
    ]);
    if (started[0].status === 'fulfilled') vm = started[0].value;
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    warm!.container.pushTo(`${vm!.url}/api/v1/write`);
    cold!.container.pushTo(`${vm!.url}/api/v1/write`);
  }, STARTUP_MS + 5_000);
  afterAll(async () => {
    await Promise.all([warm?.container.stop(), cold?.container.stop()]);
    await vm?.stop();
  });

  /**
   * The instance's stored count once it reaches `expected` (VictoriaMetrics
   * makes a new series searchable a moment after it took it), else what it is.
   */
  const counted = async (instance: string, expected: number) => {
    const promql = `function_invocations_total{job="orders-fn",instance="${instance}"}`;
    let values: number[] = [];
    await waitFor(
      async () => {
        values = (await vm!.query(promql)).map((s) => s.value);
        return values.length === 1 && values[0] === expected ? true : undefined;
      },
      { what: `${promql} == ${expected}`, timeoutMs: 10_000 },
    ).catch(() => undefined);
    return values;
  };

  it('stores exactly N after N invocations of a container frozen between them, a failing one included', async () => {
    const { container, instance } = warm!;
    const N = 6;
    for (let n = 1; n <= N; n++) {
      const answer = await container.invoke({ fail: n === 3 });
      expect(answer).toEqual(n === 3 ? { error: 'the order has no lines' } : { result: { ok: true } });
      // Read while the container is frozen: it can send nothing more, so what is stored was pushed before it returned.
      container.freeze();
      expect(await counted(instance, n)).toEqual([n]);
      container.thaw();
    }
    expect(await counted(instance, N)).toEqual([N]);
    expect(container.warnings).toBe('');

    // A cold start is a new instance, with its own count from zero.
    expect(cold!.instance).not.toBe(instance);
    await cold!.container.invoke({});
    expect(await counted(cold!.instance, 1)).toEqual([1]);
    const total = await vm!.query('sum(function_invocations_total{job="orders-fn"})');
    expect(total.map((s) => s.value)).toEqual([N + 1]);
  }, 60_000);
});
