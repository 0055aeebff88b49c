import { checkOptions } from '../../core';
import { startPushLoop } from '../delivery';
import { START_REMOTE_WRITE_RULE, type StartRemoteWriteOptions } from './remote-write-options';
import { RemoteWriteChannel } from './remote-write-sender';
import { StaleSeries } from './stale-series';

/** A running Remote Write loop. */
export interface RemoteWriteHandle {
  /**
   * Collects and sends now; resolves true once everything queued is
   * delivered (false past `timeoutSeconds`, which bounds the wait only:
   * what is queued stays queued).
   */
  flush(timeoutSeconds?: number): Promise<boolean>;
  /**
   * Stops the loop: sends a last collection with a stale marker for every
   * series, and resolves true once it is delivered, false once it has been
   * given up on (`stopTimeoutSeconds`). Safe to call twice.
   */
  stop(): Promise<boolean>;
}

const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

/**
 * Collects the registry every `intervalSeconds` and sends each collection to
 * a Remote Write receiver through promkit's delivery layer (a bounded queue
 * that drops the oldest collections first, retries of 5xx and 429 with
 * backoff and `Retry-After`, `promkit_remote_storage_*` metrics in the
 * registry). A series that disappears between collections (a removed label
 * set, a TTL, an unregistered metric) gets one stale marker. Collection and
 * delivery failures are reported to the registry's warning logger, never
 * thrown into the app; the timer never keeps the process alive.
 */
export function startRemoteWrite(options: StartRemoteWriteOptions): RemoteWriteHandle {
  const checked = checkOptions<StartRemoteWriteOptions>('startRemoteWrite', START_REMOTE_WRITE_RULE, options);
  const channel = new RemoteWriteChannel(checked, {
    maxPendingSamples: checked.maxPendingSamples,
    maxPendingBytes: checked.maxPendingBytes,
  });
  const stale = new StaleSeries();
  const collect = async (final: boolean) => {
    const families = await channel.registry.collect();
    const delivered = channel.deliver(families, {
      timestamp: Date.now(),
      watch: (sink) => stale.watch(sink),
      ended: () => stale.ended(final),
    });
    // Failures were reported by the delivery layer; the loop goes on.
    const settled = delivered.catch(() => undefined);
    // Until the receiver's version is known, the next collection waits: it may have to go out as 1.0.
    if (!channel.settled) await settled;
    return undefined;
  };
  const loop = startPushLoop({
    sender: channel.sender,
    intervalSeconds: checked.intervalSeconds,
    collect: () => collect(false),
    finalCollect: () => collect(true),
    stopTimeoutMs: (checked.stopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS) * 1000,
  });
  return {
    flush: (timeoutSeconds) => loop.flush(timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000),
    stop: () => loop.stop(),
  };
}
