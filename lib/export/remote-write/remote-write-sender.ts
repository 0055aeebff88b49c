import type { Registry } from '../../core';
import { getDefaultRegistry } from '../../core';
import type { MetricFamily } from '../../model';
import { type IncomingAnswer, sendRequest } from '../http-client';
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

/** A request the receiver refused: its status, its (shortened) answer and whether sending again may help. */
export class RemoteWriteError extends Error {
  override name = 'RemoteWriteError';
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
    readonly version: RemoteWriteVersion,
    /** Seconds the receiver asked to wait (`Retry-After`), when it did. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`Remote Write ${version} to ${url} failed with status ${status}: ${body || '(no body)'}`);
  }

  /** 5xx and 429 may succeed later; any other refusal never will. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

const DEFAULT_TIMEOUT_SECONDS = 30;
/** Receivers' error bodies are logged, not parsed: a few kilobytes say what went wrong. */
const MAX_ERROR_BODY_CHARS = 2000;
const USER_AGENT = `promkit (Node.js ${process.versions.node})`;
const WRITTEN = ['samples', 'histograms', 'exemplars'] as const;

function writtenHeader(answer: IncomingAnswer, what: (typeof WRITTEN)[number]): string | undefined {
  const value = answer.resp.headers[`x-prometheus-remote-write-${what}-written`];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A 2.0 request answered the way only a 1.0 receiver answers: 415, or a 2xx
 * without any `*-Written` header (it decoded the 2.0 message as an empty 1.0 one).
 */
function answeredAsV1(answer: IncomingAnswer): boolean {
  if (answer.status === 415) return true;
  const ok = answer.status >= 200 && answer.status < 300;
  return ok && WRITTEN.every((what) => writtenHeader(answer, what) === undefined);
}

function retryAfter(answer: IncomingAnswer): number | undefined {
  const header = answer.resp.headers['retry-after'];
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Encodes collections for one receiver and sends them, one request each,
 * speaking the version the receiver understands. Shared by the one-shot push
 * and the collection loop.
 */
export class RemoteWriteSender {
  readonly registry: Registry<any>;
  readonly url: URL;
  private readonly identity: RemoteWriteIdentity;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  private readonly preferred: RemoteWriteVersion;
  private readonly customBuckets: boolean;
  private lastBodyBytes: number | undefined;

  constructor(options: RemoteWriteOptions) {
    this.registry = options.registry ?? getDefaultRegistry();
    this.url = new URL(options.url);
    this.identity = resolveIdentity(options);
    this.headers = options.headers ?? {};
    this.timeoutMs = (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    this.preferred = options.version ?? '2.0';
    this.customBuckets = options.customBuckets ?? false;
  }

  /** The version the next request goes out in. */
  get version(): RemoteWriteVersion {
    return this.preferred === '2.0' ? (receiverVersion(this.url.href) ?? '2.0') : '1.0';
  }

  encode(
    families: readonly MetricFamily[],
    version: RemoteWriteVersion,
    extra: Pick<EncodeOptions, 'ended' | 'watch' | 'timestamp'>,
  ): EncodedRequest {
    const request = encodeRequest(families, version, {
      identity: this.identity,
      defaultLabels: this.registry.defaultLabels,
      customBuckets: this.customBuckets,
      sizeHint: this.lastBodyBytes,
      ...extra,
    });
    this.lastBodyBytes = request.body.length * 4;
    return request;
  }

  /**
   * Sends one collection; a 2.0 request answered as a 1.0 receiver answers is
   * sent again as 1.0, and the receiver's version remembered. Rejects with a
   * RemoteWriteError when the receiver refuses it.
   */
  async send(
    families: readonly MetricFamily[],
    extra: Pick<EncodeOptions, 'ended' | 'watch' | 'timestamp'>,
  ): Promise<RemoteWriteResult> {
    const version = this.version;
    const request = this.encode(families, version, extra);
    const answer = await this.post(request);
    if (version === '2.0' && answeredAsV1(answer)) {
      rememberReceiverVersion(this.url.href, '1.0');
      const again = this.encode(families, '1.0', extra);
      return this.confirmed(again, await this.post(again));
    }
    return this.confirmed(request, answer);
  }

  private post(request: EncodedRequest): Promise<IncomingAnswer> {
    return sendRequest({
      method: 'POST',
      url: this.url,
      headers: {
        ...this.headers,
        ...VERSION_HEADERS[request.version],
        'Content-Encoding': 'snappy',
        'User-Agent': USER_AGENT,
      },
      body: request.body,
      timeoutMs: this.timeoutMs,
    });
  }

  private confirmed(request: EncodedRequest, answer: IncomingAnswer): RemoteWriteResult {
    if (answer.status < 200 || answer.status >= 300) {
      throw new RemoteWriteError(
        answer.status,
        answer.body.slice(0, MAX_ERROR_BODY_CHARS).trim(),
        `${this.url.origin}${this.url.pathname}`,
        request.version,
        retryAfter(answer),
      );
    }
    if (request.version === '1.0') return { version: '1.0', ...request.counts };
    const written = (what: (typeof WRITTEN)[number]) => Number(writtenHeader(answer, what) ?? 0);
    return {
      version: '2.0',
      samples: written('samples'),
      histograms: written('histograms'),
      exemplars: written('exemplars'),
    };
  }
}
