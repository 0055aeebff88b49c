import {
  anyBoolean,
  anyOf,
  anyString,
  instanceOf,
  nonEmptyString,
  type OptionRule,
  type ShapeFields,
  shape,
  valueRule,
} from '../../core';
import { METRICS_AUTH_RULE, type MetricsAuth } from './auth';

/** How a metrics endpoint answers a scrape, whatever serves it: every handler, the server, MetricsModule. */
export interface ScrapeResponseOptions {
  /** Compress when the client accepts gzip (default true). */
  readonly gzip?: boolean;
  /** `false` never serves OpenMetrics (see `negotiate`). */
  readonly openMetrics?: boolean;
  /** `false` never serves protobuf, the only format that carries native histograms. */
  readonly protobuf?: boolean;
  /** Require these credentials; others get 401. */
  readonly auth?: MetricsAuth;
  /**
   * Scrapes one endpoint answers at once (default 10); more get 503 at once,
   * as client_golang's `MaxRequestsInFlight`. `Infinity` removes the cap.
   * Concurrent scrapes asking for the same thing share one rendering anyway;
   * the cap bounds what differing ones can cost.
   */
  readonly maxInFlight?: number;
}

/** PEM certificate and key of a metrics server that serves HTTPS. */
export interface MetricsServerTls {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** A metrics server of its own: `startHttpServer`, and MetricsModule's separate server on `port`. */
export interface MetricsServerOptions extends ScrapeResponseOptions {
  /** 0 (the default) picks a free port; read it from the handle. */
  readonly port?: number;
  /** Interface to bind; default all interfaces, as prom-client users expect. */
  readonly host?: string;
  /** Serve HTTPS with this PEM certificate and key. */
  readonly tls?: MetricsServerTls;
  /**
   * Keep the process running while the server is open (default true, as any
   * Node server does: a script that only serves metrics stays up to be
   * scraped). `false` lets an otherwise finished program exit with the server
   * still open, like the Python client's daemon thread.
   */
  readonly keepAlive?: boolean;
}

const pem = anyOf(anyString, instanceOf(Buffer, 'a Buffer'));

const tlsFields: ShapeFields<MetricsServerTls> = { cert: pem, key: pem };

/** An integer port; 0 picks a free one. */
const PORT_RULE: OptionRule = valueRule('an integer from 0 to 65535', isPort);

export function isPort(port: unknown): boolean {
  return Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535;
}

/** What each scrape option accepts, for the run-time checks of the endpoints that take them. */
export const SCRAPE_RESPONSE_OPTION_RULES: ShapeFields<ScrapeResponseOptions> = {
  gzip: anyBoolean,
  openMetrics: anyBoolean,
  protobuf: anyBoolean,
  auth: METRICS_AUTH_RULE,
  maxInFlight: valueRule('a number of 1 or more (or Infinity)', (v) => typeof v === 'number' && v >= 1),
};

/** What each option of a metrics server of its own accepts. */
export const METRICS_SERVER_OPTION_RULES: ShapeFields<MetricsServerOptions> = {
  ...SCRAPE_RESPONSE_OPTION_RULES,
  port: PORT_RULE,
  host: nonEmptyString,
  tls: shape(tlsFields, {
    allowed: '{ cert, key }, each a PEM string or Buffer',
    refine: (value, path) =>
      value.cert === undefined || value.key === undefined ? `${path} needs both cert and key` : undefined,
  }),
  keepAlive: anyBoolean,
};
