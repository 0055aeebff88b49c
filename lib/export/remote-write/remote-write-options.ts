import {
  anyBoolean,
  anyString,
  instanceOf,
  nonEmptyString,
  numberRule,
  type OptionRule,
  oneOf,
  Registry,
  recordOf,
  type ShapeFields,
  shape,
  timerWait,
  valueRule,
} from '../../core';

/** The Remote Write protocol versions promkit speaks. */
export type RemoteWriteVersion = '1.0' | '2.0';

/** Where a registry's collection goes and how it is sent: one push, or each round of `startRemoteWrite`. */
export interface RemoteWriteOptions {
  /** The receiver's write endpoint, e.g. `http://prometheus:9090/api/v1/write`. Credentials in the URL are sent as Basic auth. */
  readonly url: string;
  /** The registry collected (default: the global one). In a multi-process app, the primary's `aggregated` view. */
  readonly registry?: Registry<any>;
  /**
   * `'2.0'` (the default) sends `io.prometheus.write.v2.Request` and falls back
   * to 1.0, remembered per URL, when the receiver turns out to speak 1.0 only;
   * `'1.0'` sends `prometheus.WriteRequest` only.
   */
  readonly version?: RemoteWriteVersion;
  /** More request headers (authorization, tenant). The protocol's own headers cannot be replaced. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long one request may take, in seconds (default 30, Prometheus' `remote_timeout`). */
  readonly timeoutSeconds?: number;
  /** The `job` label of every series (default: the OpenTelemetry service name). */
  readonly job?: string;
  /** The `instance` label of every series (default: `service.instance.id`, else the host name, which Cloudflare Workers lack). */
  readonly instance?: string;
  /** Send classic histograms also as native histograms with custom buckets (schema −53; 2.0 only; default false). */
  readonly customBuckets?: boolean;
}

/** Options of `startRemoteWrite`: those of a push, and how often to collect. */
export interface StartRemoteWriteOptions extends RemoteWriteOptions {
  /** Seconds between collections (Prometheus' scrape interval, say 15). */
  readonly intervalSeconds: number;
  /** How long `stop()` waits for the last collection to be delivered, in seconds (default 10). */
  readonly stopTimeoutSeconds?: number;
  /** The most samples queued while the receiver is slow or down (default 100 000); the oldest collections go first. */
  readonly maxPendingSamples?: number;
  /** The most compressed bytes queued (default 16 MiB); the oldest collections go first. */
  readonly maxPendingBytes?: number;
}

/** The protocol's reserved request headers: a user's header of one of these names is refused. */
export const RESERVED_HEADERS = [
  'content-encoding',
  'content-type',
  'user-agent',
  'x-prometheus-remote-write-version',
];

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

const httpUrl = valueRule('an http: or https: URL', (v) => {
  if (typeof v !== 'string') return false;
  try {
    const protocol = new URL(v).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
});

const headers: OptionRule = {
  ...recordOf(anyString),
  problem(value, path) {
    const problem = recordOf(anyString).problem(value, path);
    if (problem !== undefined) return problem;
    const reserved = Object.keys(value as object).find((k) => RESERVED_HEADERS.includes(k.toLowerCase()));
    return reserved === undefined
      ? undefined
      : `${path}.${reserved} is a header Remote Write reserves (${RESERVED_HEADERS.join(', ')}): promkit sets it`;
  },
};

const seconds = timerWait('seconds');

const pushFields: ShapeFields<RemoteWriteOptions> = {
  url: httpUrl,
  registry: instanceOf(Registry, 'a Registry'),
  version: oneOf('1.0', '2.0'),
  headers,
  timeoutSeconds: seconds,
  job: nonEmptyString,
  instance: nonEmptyString,
  customBuckets: anyBoolean,
};

/** What `pushRemoteWrite` accepts. */
export const REMOTE_WRITE_RULE = shape<RemoteWriteOptions>(pushFields, {
  refine: (value, path) => (value.url === undefined ? `${at(path, 'url')} is required` : undefined),
});

const startFields: ShapeFields<StartRemoteWriteOptions> = {
  ...pushFields,
  intervalSeconds: seconds,
  stopTimeoutSeconds: seconds,
  maxPendingSamples: numberRule({ min: 1, integer: true }),
  maxPendingBytes: numberRule({ min: 1, integer: true }),
};

const requiredForLoop = (value: Record<string, unknown>, path: string) => {
  if (value.url === undefined) return `${at(path, 'url')} is required`;
  if (value.intervalSeconds === undefined) return `${at(path, 'intervalSeconds')} is required`;
  return undefined;
};

/** What `startRemoteWrite` accepts. */
export const START_REMOTE_WRITE_RULE = shape<StartRemoteWriteOptions>(startFields, {
  refine: requiredForLoop,
});

/** MetricsModule's `remoteWrite`: the loop's options but the registry, which is the one the module serves. */
export type ModuleRemoteWriteOptions = Omit<StartRemoteWriteOptions, 'registry'>;

const { registry: _registry, ...moduleFields } = startFields;

/** What MetricsModule's `remoteWrite` accepts. */
export const MODULE_REMOTE_WRITE_RULE = shape<ModuleRemoteWriteOptions>(moduleFields, {
  refine: requiredForLoop,
  misplaced: { registry: 'the module sends the registry it serves (its `aggregated` view, if given)' },
});
