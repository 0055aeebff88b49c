import { getDefaultRegistry, type Registry } from '../../core';
import { sendRequest } from '../http-client';
import { DeltaTracker } from './delta';
import { collectOtlp, dataPointsOf, encodeOtlp, OTLP_CONTENT_TYPE } from './otlp-export';
import {
  checkOtlpOptions,
  DEFAULT_OTLP_TIMEOUT_SECONDS,
  OTLP_PUSH_RULE,
  type OtlpPushOptions,
} from './otlp-options';

/** What a push resolves with once the receiver accepted it. */
export interface OtlpPushResult {
  /** The receiver's status (2xx). */
  readonly status: number;
  /** Data points sent. */
  readonly dataPoints: number;
}

/** The receiver refused the push: its url, status and the start of its message. */
export class OtlpPushError extends Error {
  override name = 'OtlpPushError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    const text = body.trim();
    super(`POST ${url} answered ${status}${text === '' ? ' with an empty body' : `: ${text.slice(0, 512)}`}`);
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

/**
 * Sends one collection of the registry to an OTLP/HTTP receiver. Rejects
 * with an OtlpPushError when the receiver answers outside 2xx, or with the
 * network error or timeout.
 */
export async function pushOtlp(options: OtlpPushOptions): Promise<OtlpPushResult> {
  const checked = checkOtlpOptions<OtlpPushOptions>('pushOtlp', OTLP_PUSH_RULE, options);
  const registry = checked.registry ?? getDefaultRegistry();
  const encoding = checked.encoding ?? 'protobuf';
  const url = new URL(checked.url);
  const delta = checked.temporality === 'delta' ? trackerFor(registry, url.href) : undefined;
  const data = await collectOtlp(registry, process.env, delta);
  const answer = await sendRequest({
    method: 'POST',
    url,
    headers: { ...checked.headers, 'Content-Type': OTLP_CONTENT_TYPE[encoding] },
    body: encodeOtlp(data, encoding),
    timeoutMs: (checked.timeoutSeconds ?? DEFAULT_OTLP_TIMEOUT_SECONDS) * 1000,
  });
  if (answer.status < 200 || answer.status >= 300)
    throw new OtlpPushError(url.href, answer.status, answer.body);
  return { status: answer.status, dataPoints: dataPointsOf(data) };
}
