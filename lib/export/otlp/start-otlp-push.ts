import { getDefaultRegistry } from '../../core';
import { otlpRetryableStatus, PushSender, startPushLoop } from '../delivery';
import { DeltaTracker } from './delta';
import { OtlpPayloadEncoder } from './otlp-export';
import {
  checkOtlpOptions,
  DEFAULT_OTLP_TIMEOUT_SECONDS,
  OTLP_PUSH_LOOP_RULE,
  OTLP_REMOTE_NAME,
  type OtlpPushLoopOptions,
} from './otlp-options';

/** A running OTLP push, from `startOtlpPush`. */
export interface OtlpPush {
  /**
   * Collects and sends now, and resolves true once everything queued is
   * delivered (false when `timeoutSeconds` passed first): for a serverless
   * function before it returns.
   */
  flush(timeoutSeconds?: number): Promise<boolean>;
  /**
   * Stops the timer, sends a last collection and resolves true once all is
   * delivered, false once 10 s have passed (what is left is dropped and
   * counted). Safe to call twice.
   */
  stop(): Promise<boolean>;
}

/**
 * Pushes the registry to an OTLP/HTTP receiver every `intervalSeconds`,
 * through a bounded queue: 429, 502, 503, 504 and lost connections are
 * retried (after Retry-After, or with backoff), other refusals are reported
 * to the registry's warning logger, and a receiver away for long loses the
 * oldest pushes, counted in `promkit_remote_storage_samples_dropped_total`.
 * Never throws into the app nor keeps the process alive; a wrong option
 * throws a MetricConfigError here.
 */
export function startOtlpPush(options: OtlpPushLoopOptions): OtlpPush {
  const checked = checkOtlpOptions<OtlpPushLoopOptions>('startOtlpPush', OTLP_PUSH_LOOP_RULE, options, [
    'url',
    'intervalSeconds',
  ]);
  const registry = checked.registry ?? getDefaultRegistry();
  const encoder = new OtlpPayloadEncoder(
    checked.encoding ?? 'protobuf',
    checked.temporality === 'delta' ? new DeltaTracker() : undefined,
  );
  const env = { ...process.env };
  const sender = new PushSender({
    url: checked.url,
    remoteName: OTLP_REMOTE_NAME,
    retryableStatus: otlpRetryableStatus,
    headers: checked.headers,
    timeoutMs: (checked.timeoutSeconds ?? DEFAULT_OTLP_TIMEOUT_SECONDS) * 1000,
    maxPendingSamples: checked.maxPendingDataPoints,
    maxPendingBytes: checked.maxPendingBytes,
    registry,
  });
  const loop = startPushLoop({
    sender,
    intervalSeconds: checked.intervalSeconds,
    collect: () => encoder.collect(registry, env),
  });
  return {
    flush: (timeoutSeconds) => loop.flush(timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000),
    stop: () => loop.stop(),
  };
}
