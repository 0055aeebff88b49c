import { getDefaultRegistry, type Registry } from '../../core';
import { type DeliveryResult, otlpRetryableStatus, PushSender } from '../delivery';
import { DeltaTracker } from './delta';
import { type OtlpEncoding, OtlpPayloadEncoder } from './otlp-export';
import {
  checkOtlpOptions,
  DEFAULT_OTLP_TIMEOUT_SECONDS,
  OTLP_PUSH_RULE,
  OTLP_REMOTE_NAME,
  type OtlpPushOptions,
} from './otlp-options';

/** What a push resolves with once the receiver accepted it. */
export interface OtlpPushResult {
  /** The receiver's status (2xx). */
  readonly status: number;
  /** Data points sent. */
  readonly dataPoints: number;
}

/**
 * A push that did not land: the receiver refused it (`status` and the start
 * of its message in `body`), or it was not delivered within the push's time.
 */
export class OtlpPushError extends Error {
  override name = 'OtlpPushError';
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | undefined,
    readonly body: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Delta pushes of a registry to one url continue from that registry's previous push there. */
const deltaTrackers = new WeakMap<Registry<any>, Map<string, DeltaTracker>>();

function trackerFor(registry: Registry<any>, url: string): DeltaTracker {
  let byUrl = deltaTrackers.get(registry);
  if (byUrl === undefined) deltaTrackers.set(registry, (byUrl = new Map()));
  let tracker = byUrl.get(url);
  if (tracker === undefined) byUrl.set(url, (tracker = new DeltaTracker()));
  return tracker;
}

/** Pushes of a registry in one encoding (and, for delta, to one url) reuse what the previous one wrote. */
const encoders = new WeakMap<Registry<any>, Map<string, OtlpPayloadEncoder>>();

function encoderFor(
  registry: Registry<any>,
  encoding: OtlpEncoding,
  deltaUrl: string | undefined,
): OtlpPayloadEncoder {
  let byKey = encoders.get(registry);
  if (byKey === undefined) encoders.set(registry, (byKey = new Map()));
  const key = deltaUrl === undefined ? encoding : `${encoding} ${deltaUrl}`;
  let encoder = byKey.get(key);
  if (encoder === undefined) {
    const delta = deltaUrl === undefined ? undefined : trackerFor(registry, deltaUrl);
    byKey.set(key, (encoder = new OtlpPayloadEncoder(encoding, delta)));
  }
  return encoder;
}

function outcome(result: DeliveryResult, url: string, timeoutSeconds: number): OtlpPushResult {
  switch (result.outcome) {
    case 'delivered':
      return { status: result.answer.status, dataPoints: result.payload.samples };
    case 'failed':
      throw new OtlpPushError(result.error.message, url, result.answer?.status, result.answer?.body ?? '', {
        cause: result.error,
      });
    default:
      throw new OtlpPushError(
        `POST ${url}: not delivered within ${timeoutSeconds} s (${result.attempts} attempts)`,
        url,
        undefined,
        '',
      );
  }
}

/**
 * Sends one collection of the registry to an OTLP/HTTP receiver, retrying
 * 429, 502, 503, 504 and lost connections (after the receiver's Retry-After,
 * or with backoff) until `timeoutSeconds` have passed, as the OpenTelemetry
 * exporters do. Rejects with an OtlpPushError when the receiver refuses the
 * push or it did not land in time; a wrong option throws a MetricConfigError.
 */
export async function pushOtlp(options: OtlpPushOptions): Promise<OtlpPushResult> {
  const checked = checkOtlpOptions<OtlpPushOptions>('pushOtlp', OTLP_PUSH_RULE, options);
  const registry = checked.registry ?? getDefaultRegistry();
  const url = new URL(checked.url);
  const timeoutSeconds = checked.timeoutSeconds ?? DEFAULT_OTLP_TIMEOUT_SECONDS;
  const encoder = encoderFor(
    registry,
    checked.encoding ?? 'protobuf',
    checked.temporality === 'delta' ? url.href : undefined,
  );
  const payload = await encoder.collect(registry, process.env);
  const sender = new PushSender({
    url,
    remoteName: OTLP_REMOTE_NAME,
    retryableStatus: otlpRetryableStatus,
    headers: checked.headers,
    timeoutMs: timeoutSeconds * 1000,
    registry,
  });
  const delivery = sender.send(payload);
  // The push's whole time, retries included: what is still queued then is given up.
  await sender.close(timeoutSeconds * 1000);
  return outcome(await delivery, url.href, timeoutSeconds);
}
