import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandSucceeds, type ExternalTool } from './external-tool';
import { freePort } from './free-port';
import { startService } from './service-process';
import { waitFor } from './wait-for';

let available: boolean | undefined;

/** The Prometheus server itself (Debian package `prometheus`, 2.42 on Debian 12). */
export const prometheusServer: ExternalTool = {
  name: 'prometheus',
  debianPackage: 'prometheus',
  available: () => (available ??= commandSucceeds('prometheus', ['--version'])),
};

/** One scrape job with a single static target. */
export interface ScrapeJob {
  readonly name: string;
  /** `host:port` of the target. */
  readonly target: string;
  /** Default `/metrics`. */
  readonly metricsPath?: string;
  /** Query parameters Prometheus adds to every scrape, e.g. `{ format: ['text'] }`. */
  readonly params?: Record<string, string[]>;
  /** Keep the target's own `job`/`instance` labels (needed for a Pushgateway). */
  readonly honorLabels?: boolean;
}

/** One series of an instant-query result. */
export interface QuerySample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface StoredExemplar {
  readonly labels: Record<string, string>;
  readonly value: number;
  /** Seconds since the epoch. */
  readonly timestamp: number;
}

export interface ExemplarSeries {
  readonly seriesLabels: Record<string, string>;
  readonly exemplars: readonly StoredExemplar[];
}

export interface PrometheusServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Instant query (`/api/v1/query`) evaluated now; rejects on a PromQL or HTTP error. */
  query(promql: string): Promise<QuerySample[]>;
  /** The values of `label` on the series matching `selector` (`/api/v1/label/<label>/values`). */
  labelValues(label: string, selector: string): Promise<string[]>;
  /** `/api/v1/query_exemplars` between two times in seconds since the epoch. */
  queryExemplars(promql: string, startSeconds: number, endSeconds: number): Promise<ExemplarSeries[]>;
  /** Kills the server and removes its configuration and storage. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  /** How long to wait for the server to be ready and every target up (default 20 s). */
  readonly readyTimeoutMs?: number;
  /** More `--enable-feature` flags, e.g. `native-histograms` (exemplar storage is always on). */
  readonly features?: readonly string[];
  /** Accept Remote Write at `/api/v1/write` (`--web.enable-remote-write-receiver`). */
  readonly remoteWriteReceiver?: boolean;
}

const SCRAPE_INTERVAL = '1s';
const REQUEST_TIMEOUT_MS = 5000;

/**
 * Starts a real Prometheus on a free loopback port with a throwaway data
 * directory, scraping `jobs` every second with exemplar storage on, and
 * resolves once every target has been scraped successfully (`up`, no
 * `lastError`). If that does not happen in time it stops the server and
 * rejects with the targets' state and the server's log.
 */
export async function startPrometheus(
  jobs: readonly ScrapeJob[],
  options: StartPrometheusOptions = {},
): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'promkit-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  // JSON is YAML, so the configuration needs no YAML writer.
  await writeFile(configFile, JSON.stringify(configFor(jobs), null, 2));
  const { url, stop } = await launch(
    dir,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--enable-feature=${['exemplar-storage', ...(options.features ?? [])].join(',')}`,
      ...(options.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ],
    jobs.length,
    options.readyTimeoutMs ?? 20_000,
  );
  return {
    url,
    query: (promql) => instantQuery(url, promql),
    labelValues: (label, selector) =>
      getApi<string[]>(
        url,
        `/api/v1/label/${encodeURIComponent(label)}/values?match[]=${encodeURIComponent(selector)}`,
      ),
    queryExemplars: (promql, start, end) => exemplarQuery(url, promql, start, end),
    stop,
  };
}

export interface StartPrometheusAgentOptions {
  /** The configuration as Prometheus reads it (YAML). */
  readonly config: string;
  /** Files written beside the configuration, by name: relative paths in it (a `file_sd_configs` list) find them. */
  readonly files?: Readonly<Record<string, string>>;
  /** How many targets must be up before it resolves. */
  readonly targets: number;
  /** Default 20 s. */
  readonly readyTimeoutMs?: number;
}

/** A Prometheus in agent mode: it scrapes and forwards by Remote Write, and answers no queries. */
export interface PrometheusAgent {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Kills the agent and removes its configuration and write-ahead log. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Prometheus in agent mode (`--enable-feature=agent`) with `config`,
 * on a free loopback port with a throwaway directory, and resolves once as
 * many targets as expected have been scraped successfully.
 */
export async function startPrometheusAgent(options: StartPrometheusAgentOptions): Promise<PrometheusAgent> {
  const dir = await mkdtemp(join(tmpdir(), 'promkit-prometheus-agent-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, options.config);
  for (const [name, content] of Object.entries(options.files ?? {}))
    await writeFile(join(dir, name), content);
  return launch(
    dir,
    [`--config.file=${configFile}`, `--storage.agent.path=${join(dir, 'wal')}`, '--enable-feature=agent'],
    options.targets,
    options.readyTimeoutMs ?? 20_000,
  );
}

/** Runs `prometheus` with `flags`, owning `dir`, until `targets` targets are up; on failure cleans up and rejects with its log. */
async function launch(
  dir: string,
  flags: readonly string[],
  targets: number,
  readyTimeoutMs: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService('prometheus', 'prometheus', [
    ...flags,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= service.stop().finally(() => rm(dir, { recursive: true, force: true })));
  try {
    await waitForTargetsUp(url, targets, readyTimeoutMs, () => service.exited());
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- prometheus output ---\n${service.output()}`);
  }
  return { url, stop };
}

function configFor(jobs: readonly ScrapeJob[]) {
  return {
    global: { scrape_interval: SCRAPE_INTERVAL, scrape_timeout: SCRAPE_INTERVAL },
    scrape_configs: jobs.map((job) => ({
      job_name: job.name,
      metrics_path: job.metricsPath ?? '/metrics',
      honor_labels: job.honorLabels ?? false,
      ...(job.params ? { params: job.params } : {}),
      static_configs: [{ targets: [job.target] }],
    })),
  };
}

interface TargetState {
  scrapePool: string;
  scrapeUrl: string;
  health: string;
  lastError: string;
}

async function waitForTargetsUp(
  url: string,
  expected: number,
  timeoutMs: number,
  exited: () => boolean,
): Promise<void> {
  let last: TargetState[] = [];
  await waitFor(
    async () => {
      const data = await getApi<{ activeTargets: TargetState[] }>(url, '/api/v1/targets?state=active');
      last = data.activeTargets;
      const ready = last.length === expected && last.every((t) => t.health === 'up' && t.lastError === '');
      return ready ? true : undefined;
    },
    {
      what: `${expected} Prometheus target(s) to be up`,
      timeoutMs,
      intervalMs: 250,
      giveUp: () => (exited() ? 'prometheus exited' : undefined),
    },
    () =>
      last.length === 0
        ? 'no active targets reported yet'
        : JSON.stringify(
            last.map((t) => ({
              job: t.scrapePool,
              url: t.scrapeUrl,
              health: t.health,
              lastError: t.lastError,
            })),
          ),
  );
}

async function getApi<T>(url: string, path: string): Promise<T> {
  const response = await fetch(url + path, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
  if (body.status !== 'success') {
    throw new Error(`${url}${path} failed (${response.status} ${body.errorType}): ${body.error}`);
  }
  return body.data;
}

/** Prometheus writes sample values as strings, with Go's spelling of infinities. */
function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/**
 * An instant query evaluated now against any server that speaks Prometheus'
 * HTTP API at `url` (Prometheus itself, VictoriaMetrics); rejects on a PromQL
 * or HTTP error and on a result that is not an instant vector or a scalar.
 */
export async function instantQuery(url: string, promql: string): Promise<QuerySample[]> {
  const data = await getApi<{ resultType: string; result: unknown }>(
    url,
    `/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  if (data.resultType === 'scalar') {
    const [, value] = data.result as [number, string];
    return [{ metric: {}, value: parseValue(value) }];
  }
  if (data.resultType !== 'vector') {
    throw new Error(`Query ${promql} returned a ${data.resultType}, expected an instant vector`);
  }
  return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
    metric: r.metric,
    value: parseValue(r.value[1]),
  }));
}

async function exemplarQuery(
  url: string,
  promql: string,
  startSeconds: number,
  endSeconds: number,
): Promise<ExemplarSeries[]> {
  const query = `query=${encodeURIComponent(promql)}&start=${startSeconds}&end=${endSeconds}`;
  const data = await getApi<
    {
      seriesLabels: Record<string, string>;
      exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
    }[]
  >(url, `/api/v1/query_exemplars?${query}`);
  return data.map((series) => ({
    seriesLabels: series.seriesLabels,
    exemplars: series.exemplars.map((e) => ({
      labels: e.labels,
      value: parseValue(e.value),
      timestamp: e.timestamp,
    })),
  }));
}
