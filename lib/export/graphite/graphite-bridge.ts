import type { Registry } from '../../core';
import { getDefaultRegistry, nodeBuiltin, timerWait } from '../../core';
import { type GraphiteBridgeOptions, graphiteTimeoutMs } from './graphite-options';
import { graphiteLines } from './graphite-path';

const INTERVAL = timerWait('seconds');

/** Sends a registry's samples to Graphite's plaintext protocol, once or on an interval. */
export class GraphiteBridge {
  private readonly registry: Registry<any>;
  private timer: NodeJS.Timeout | undefined;
  private pushing = false;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphiteBridgeOptions) {
    this.registry = options.registry ?? getDefaultRegistry();
    this.timeoutMs = graphiteTimeoutMs(options);
  }

  /** Collects now and sends every sample in one connection; rejects if Graphite cannot be reached. */
  async push(): Promise<void> {
    const samples = await this.registry.getSamples();
    const lines = graphiteLines(samples, this.options.prefix, Math.floor(Date.now() / 1000));
    await this.send(lines);
  }

  /**
   * Pushes every `intervalSeconds` until stop(). A failed push is logged and
   * the next interval simply tries again; the timer does not keep the process alive.
   */
  start(intervalSeconds: number): void {
    // A RangeError, as it always was; the rule is the one every push interval follows.
    const problem = INTERVAL.problem(intervalSeconds, 'GraphiteBridge.start: intervalSeconds');
    if (problem !== undefined) throw new RangeError(problem);
    this.stop();
    this.timer = setInterval(() => this.pushInBackground(), intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private pushInBackground(): void {
    // A push slower than the interval must not pile up connections.
    if (this.pushing) return;
    this.pushing = true;
    this.push()
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        (this.options.logger ?? console).warn(
          `promkit: pushing to Graphite at ${this.options.host}:${this.port} failed, retrying next interval: ${reason}`,
        );
      })
      .finally(() => {
        this.pushing = false;
      });
  }

  private get port(): number {
    return this.options.port ?? 2003;
  }

  private send(payload: string): Promise<void> {
    const timeoutMs = this.timeoutMs;
    return new Promise((resolve, reject) => {
      const net = nodeBuiltin('node:net', 'GraphiteBridge');
      const socket = net.createConnection({ host: this.options.host, port: this.port });
      const timer = setTimeout(
        () =>
          socket.destroy(
            new Error(`Graphite at ${this.options.host}:${this.port} timed out after ${timeoutMs / 1000} s`),
          ),
        timeoutMs,
      );
      timer.unref();
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        socket.end(payload, 'utf8');
      });
      socket.once('close', (hadError) => {
        clearTimeout(timer);
        if (!hadError) resolve();
      });
    });
  }
}
