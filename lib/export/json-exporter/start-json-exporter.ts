import { collectDefaultMetrics } from '../../collectors';
import { Registry } from '../../core';
import { type HttpServerOptions, startHttpServer } from '../http';
import { JsonStatusCollector, type JsonStatusCollectorOptions } from './json-status-collector';

/** The collector's options and the metrics server's (every one but `registry`: the exporter has its own). */
export interface JsonExporterOptions extends JsonStatusCollectorOptions, Omit<HttpServerOptions, 'registry'> {
  /** Include the exporter process's own runtime metrics (default true). */
  readonly defaultMetrics?: boolean;
}

export interface JsonExporterHandle {
  readonly url: string;
  readonly port: number;
  readonly registry: Registry;
  close(): Promise<void>;
}

/** Serves a JSON status document as Prometheus metrics, fetched fresh at every scrape. */
export async function startJsonExporter(options: JsonExporterOptions): Promise<JsonExporterHandle> {
  const registry = new Registry();
  registry.registerCollector(new JsonStatusCollector(options));
  const runtime =
    options.defaultMetrics === false ? undefined : collectDefaultMetrics({ register: registry });
  try {
    const server = await startHttpServer({ ...options, registry });
    return {
      url: server.url,
      port: server.port,
      registry,
      close: async () => {
        runtime?.stop();
        await server.close();
      },
    };
  } catch (error) {
    runtime?.stop();
    throw error;
  }
}
