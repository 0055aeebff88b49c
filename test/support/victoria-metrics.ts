import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandSucceeds, type ExternalTool } from './external-tool';
import { freePort } from './free-port';
import { instantQuery, type QuerySample } from './prometheus';
import { startService } from './service-process';
import { waitFor } from './wait-for';

let available: boolean | undefined;

/** Single-node VictoriaMetrics (Debian package `victoria-metrics`, 1.79 on Debian 12). */
export const victoriaMetricsServer: ExternalTool = {
  name: 'victoria-metrics',
  debianPackage: 'victoria-metrics',
  available: () => (available ??= commandSucceeds('victoria-metrics', ['-version'])),
};

export interface VictoriaMetricsServer {
  /** `http://127.0.0.1:<port>`; Remote Write goes to `/api/v1/write`. */
  readonly url: string;
  /** Instant query, after the data sent so far has been made searchable. */
  query(promql: string): Promise<QuerySample[]>;
  /** Kills the server and removes its storage. Safe to call twice. */
  stop(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 5000;

/**
 * Starts VictoriaMetrics on a free loopback port with a throwaway storage
 * directory, answering queries about data as soon as it arrives
 * (`-search.latencyOffset=0s`), and resolves once it is healthy.
 */
export async function startVictoriaMetrics(): Promise<VictoriaMetricsServer> {
  const dir = await mkdtemp(join(tmpdir(), 'promkit-victoria-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService('victoria-metrics', 'victoria-metrics', [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${join(dir, 'data')}`,
    '-search.latencyOffset=0s',
    '-search.disableCache',
    '-loggerLevel=ERROR',
  ]);
  let stopped: Promise<void> | undefined;
  const server: VictoriaMetricsServer = {
    url,
    query: async (promql) => {
      // Recently written rows are searchable only once flushed from the in-memory buffers.
      await fetch(`${url}/internal/force_flush`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      return instantQuery(url, promql);
    },
    stop: () => (stopped ??= service.stop().finally(() => rm(dir, { recursive: true, force: true }))),
  };
  try {
    await waitFor(
      async () => {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
        return response.ok ? true : undefined;
      },
      {
        what: 'VictoriaMetrics to be healthy',
        timeoutMs: 20_000,
        giveUp: () => (service.exited() ? 'it exited' : undefined),
      },
    );
  } catch (error) {
    await server.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- victoria-metrics output ---\n${service.output()}`);
  }
  return server;
}
