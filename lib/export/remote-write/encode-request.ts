import type { LabelSet, MetricFamily } from '../../model';
import { type RequestCounts, type RequestEncoder, WriteRequestEncoder } from './encode-v1';
import { V2RequestEncoder } from './encode-v2';
import type { RemoteWriteIdentity } from './identity';
import type { RemoteWriteVersion } from './remote-write-options';
import type { SeriesLabels } from './series-labels';
import { type SeriesMetadata, type SeriesSink, walkSeries } from './series-walk';
import { snappyCompress } from './snappy-block';

/** The request headers each version's body is sent with. */
export const VERSION_HEADERS: Record<RemoteWriteVersion, Record<string, string>> = {
  '1.0': { 'Content-Type': 'application/x-protobuf', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
  '2.0': {
    'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
    'X-Prometheus-Remote-Write-Version': '2.0.0',
  },
};

/** One collection as a request body: snappy-compressed protobuf, and what it carries. */
export interface EncodedRequest {
  readonly version: RemoteWriteVersion;
  readonly body: Buffer;
  readonly counts: RequestCounts;
  /** The size of the message before compression: the next encoding's buffer is made this large at once. */
  readonly messageBytes: number;
  /** The series given stale markers, so the same collection encoded again marks the same ones. */
  readonly ended: readonly EndedSeries[];
}

/** A series sent before and missing from this collection. */
export interface EndedSeries {
  readonly labels: SeriesLabels;
  readonly metadata: SeriesMetadata;
}

/** What a collection is encoded with, besides the families. */
export interface EncodeOptions {
  readonly identity: RemoteWriteIdentity;
  /** The registry's default labels, which a scrape would add too. */
  readonly defaultLabels: Readonly<Record<string, string>>;
  readonly timestamp: number;
  readonly customBuckets: boolean;
  /** Series that ended, each given a stale marker: asked once the collection has been walked. */
  readonly ended?: () => readonly EndedSeries[];
  /** Sees every series sent, to notice later which ones ended. */
  readonly watch?: (sink: SeriesSink) => SeriesSink;
  readonly sizeHint?: number;
}

function encoderFor(version: RemoteWriteVersion, sizeHint: number | undefined): RequestEncoder {
  return version === '2.0' ? new V2RequestEncoder(sizeHint) : new WriteRequestEncoder(sizeHint);
}

/** `job` and `instance` first: they win over default labels of the same name, and a series' own labels win over both. */
function constantLabels(options: EncodeOptions): LabelSet {
  const labelNames = ['job', 'instance'];
  const labelValues = [options.identity.job, options.identity.instance];
  for (const [name, value] of Object.entries(options.defaultLabels)) {
    if (!labelNames.includes(name)) {
      labelNames.push(name);
      labelValues.push(value);
    }
  }
  return { labelNames, labelValues };
}

/** The registry's own `target_info` wins over the one made from the resource attributes. */
function withTargetInfo(
  families: readonly MetricFamily[],
  identity: RemoteWriteIdentity,
): readonly MetricFamily[] {
  const info = identity.targetInfo;
  if (info === undefined || families.some((f) => f.type === 'info' && f.name === info.name)) return families;
  return [info, ...families];
}

/** Encodes one collection in `version`'s message and compresses it. */
export function encodeRequest(
  families: readonly MetricFamily[],
  version: RemoteWriteVersion,
  options: EncodeOptions,
): EncodedRequest {
  const encoder = encoderFor(version, options.sizeHint);
  const sink = options.watch ? options.watch(encoder) : encoder;
  walkSeries(withTargetInfo(families, options.identity), sink, {
    constants: constantLabels(options),
    timestamp: options.timestamp,
    customBuckets: options.customBuckets,
  });
  const ended = options.ended?.() ?? [];
  // A millisecond after the samples: a series sent and ended in one request must not get two values at one time.
  for (const series of ended) {
    encoder.family(series.metadata);
    encoder.stale(series.labels, options.timestamp + 1);
  }
  const message = encoder.finish();
  return {
    version,
    body: snappyCompress(message),
    messageBytes: message.length,
    counts: encoder.counts,
    ended,
  };
}
