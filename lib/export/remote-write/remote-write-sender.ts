import type { Registry } from '../../core';
import { getDefaultRegistry } from '../../core';
import type { MetricFamily } from '../../model';
import {
  type DeliveryAnswer,
  DeliveryError,
  type DeliveryResult,
  type EncodedPayload,
  PushSender,
  remoteWriteRetryableStatus,
} from '../delivery';
import { type EncodedRequest, type EncodeOptions, encodeRequest, VERSION_HEADERS } from './encode-request';
import { type RemoteWriteIdentity, resolveIdentity } from './identity';
import { receiverVersion, rememberReceiverVersion } from './receiver-versions';
import type { RemoteWriteOptions, RemoteWriteVersion } from './remote-write-options';

/** What the receiver confirmed it wrote. */
export interface RemoteWriteResult {
  /** The version the collection was finally sent in. */
  readonly version: RemoteWriteVersion;
  /**
   * Samples, native histogram samples and exemplars written: a 2.0 receiver's
   * `X-Prometheus-Remote-Write-*-Written` headers, or for a 1.0 receiver
   * (which has no such headers and answers 2xx only when it wrote everything)
   * what the request carried.
   */
  readonly samples: number;
  readonly histograms: number;
  readonly exemplars: number;
}

/** A collection the receiver refused, or that could not be delivered in time. */
export class RemoteWriteError extends Error {
  override name = 'RemoteWriteError';
  constructor(
    message: string,
    /** The receiver's status, when it answered. */
    readonly status: number | undefined,
    readonly version: RemoteWriteVersion,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const USER_AGENT = `promkit (Node.js ${process.versions?.node ?? 'unknown'})`;
const WRITTEN = ['samples', 'histograms', 'exemplars'] as const;

const DROPPED = {
  overflow: 'pushed out of a full queue by newer collections',
  'too-large': 'larger than the queue holds',
  closed: 'still undelivered when the sender stopped (timeoutSeconds passed, or stop() gave up)',
} as const;

/** The name of the sender in its `promkit_remote_storage_*` metrics. */
const REMOTE_NAME = 'remote_write';

/** A Remote Write payload that knows how to encode its collection again, in 1.0. */
interface RemoteWritePayload extends EncodedPayload {
  readonly request: EncodedRequest;
  readonly again: () => RemoteWritePayload;
}

function writtenHeader(answer: DeliveryAnswer, what: (typeof WRITTEN)[number]): string | undefined {
  return answer.headers[`x-prometheus-remote-write-${what}-written`];
}

function hasWrittenHeaders(answer: DeliveryAnswer): boolean {
  return WRITTEN.some((what) => writtenHeader(answer, what) !== undefined);
}

/** What the receiver confirmed, from a delivered payload. */
function confirmed(request: EncodedRequest, answer: DeliveryAnswer): RemoteWriteResult {
  if (request.version === '1.0') return { version: '1.0', ...request.counts };
  const written = (what: (typeof WRITTEN)[number]) => Number(writtenHeader(answer, what) ?? 0);
  return {
    version: '2.0',
    samples: written('samples'),
    histograms: written('histograms'),
    exemplars: written('exemplars'),
  };
}

/**
 * Encodes collections for one receiver and hands them to the delivery layer
 * (bounded queue, retries, `promkit_remote_storage_*` metrics), in the
 * version the receiver speaks: 2.0 until the receiver answers as a 1.0 one
 * (415, or 2xx without any `*-Written` header: it decoded the 2.0 message as
 * an empty 1.0 one), then 1.0, remembered for the URL.
 */
export class RemoteWriteChannel {
  readonly registry: Registry<any>;
  readonly sender: PushSender;
  private readonly url: string;
  private readonly identity: RemoteWriteIdentity;
  private readonly preferred: RemoteWriteVersion;
  private readonly customBuckets: boolean;
  private lastBodyBytes: number | undefined;

  constructor(
    options: RemoteWriteOptions,
    delivery: {
      maxPendingSamples?: number;
      maxPendingBytes?: number;
      /** Where the delivery metrics and warnings go, when not to the registry sent. */
      registry?: Registry<any>;
    } = {},
  ) {
    this.registry = options.registry ?? getDefaultRegistry();
    this.url = new URL(options.url).href;
    this.identity = resolveIdentity(options);
    this.preferred = options.version ?? '2.0';
    this.customBuckets = options.customBuckets ?? false;
    this.sender = new PushSender({
      url: options.url,
      remoteName: REMOTE_NAME,
      retryableStatus: remoteWriteRetryableStatus,
      headers: { ...options.headers, 'User-Agent': USER_AGENT },
      timeoutMs: options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds * 1000,
      resend: (answer, payload) => this.resend(answer, payload as RemoteWritePayload),
      ...delivery,
      registry: delivery.registry ?? this.registry,
    });
  }

  /** The version the next collection goes out in. */
  get version(): RemoteWriteVersion {
    return this.preferred === '2.0' ? (receiverVersion(this.url) ?? '2.0') : '1.0';
  }

  /** Whether the receiver's version is known: until then each collection waits for its answer. */
  get settled(): boolean {
    return this.preferred === '1.0' || receiverVersion(this.url) !== undefined;
  }

  /**
   * Encodes one collection and queues it; resolves with what the receiver
   * confirmed, rejects with a RemoteWriteError when it was refused for good,
   * dropped, or given up on.
   */
  async deliver(
    families: readonly MetricFamily[],
    extra: Pick<EncodeOptions, 'ended' | 'watch' | 'timestamp'>,
  ): Promise<RemoteWriteResult> {
    const payload = this.payload(families, this.version, extra);
    let result = await this.sender.send(payload);
    const sent = result.payload as RemoteWritePayload;
    if (result.outcome === 'delivered' && sent.request.version === '2.0') {
      if (hasWrittenHeaders(result.answer)) rememberReceiverVersion(this.url, '2.0');
      else {
        rememberReceiverVersion(this.url, '1.0');
        result = await this.sender.send(sent.again());
      }
    }
    return this.outcome(result);
  }

  private payload(
    families: readonly MetricFamily[],
    version: RemoteWriteVersion,
    extra: Pick<EncodeOptions, 'ended' | 'watch' | 'timestamp'>,
  ): RemoteWritePayload {
    const request = encodeRequest(families, version, {
      identity: this.identity,
      defaultLabels: this.registry.defaultLabels,
      customBuckets: this.customBuckets,
      sizeHint: this.lastBodyBytes,
      ...extra,
    });
    this.lastBodyBytes = request.messageBytes;
    const { samples, histograms } = request.counts;
    return {
      body: request.body,
      samples: samples + histograms,
      headers: { ...VERSION_HEADERS[version], 'Content-Encoding': 'snappy' },
      request,
      // The same series and stale markers, encoded again (the values are read again: points are live).
      again: () => this.payload(families, '1.0', { timestamp: extra.timestamp, ended: () => request.ended }),
    };
  }

  private resend(answer: DeliveryAnswer, payload: RemoteWritePayload): EncodedPayload | undefined {
    if (answer.status !== 415 || payload.request.version !== '2.0') return undefined;
    rememberReceiverVersion(this.url, '1.0');
    return payload.again();
  }

  private outcome(result: DeliveryResult): RemoteWriteResult {
    const version = (result.payload as RemoteWritePayload).request.version;
    switch (result.outcome) {
      case 'delivered':
        return confirmed((result.payload as RemoteWritePayload).request, result.answer);
      case 'failed':
        throw new RemoteWriteError(
          `Remote Write ${version}: ${result.error.message}`,
          result.error instanceof DeliveryError ? result.error.status : undefined,
          version,
          { cause: result.error },
        );
      case 'dropped':
        throw new RemoteWriteError(
          `Remote Write ${version} to ${this.url}: the collection was ${DROPPED[result.reason]}, after ${result.attempts} attempt(s)`,
          undefined,
          version,
        );
    }
  }
}
