import { parseArgs } from 'node:util';
import { loadMappingFile } from './mapping';
import { startJsonExporter } from './start-json-exporter';

const USAGE = `Usage: promkit-json-exporter --target URL [--mapping FILE] [--port N] [--host H]
                             [--timeout MS] [--prefix P] [--auto-export]

Serves the JSON status document at URL as Prometheus metrics on /metrics,
fetching it fresh at every scrape.

  --target URL     status endpoint returning a JSON object (required)
  --mapping FILE   JSON file: {"metrics": [{"field", "metric", "type", "help", "states"}]}
  --port N         listen port (default 7979)
  --host H         listen address (default: all interfaces)
  --timeout MS     how long one fetch of the target may take (default 5000)
  --prefix P       prefix of <P>_up, <P>_scrape_errors_total and auto-exported fields (default app)
  --auto-export    also export numeric fields the mapping does not name (implied without --mapping)
`;

function fail(message: string): never {
  process.stderr.write(`promkit-json-exporter: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max)
    fail(`--${name} must be an integer from 0 to ${max}, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        mapping: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        timeout: { type: 'string' },
        prefix: { type: 'string' },
        'auto-export': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const target = values.target as string | undefined;
  if (!target) fail('--target is required');
  try {
    new URL(target);
  } catch {
    fail(`--target must be an absolute URL, got "${target}"`);
  }
  const mappingFile = values.mapping as string | undefined;
  let mapping: ReturnType<typeof loadMappingFile> = [];
  try {
    if (mappingFile) mapping = loadMappingFile(mappingFile);
  } catch (error) {
    fail((error as Error).message);
  }
  const timeoutMs = integer('timeout', values.timeout as string | undefined, 5000, 600_000);
  if (timeoutMs === 0) fail('--timeout must be at least 1 ms');
  const exporter = await startJsonExporter({
    target,
    mapping,
    port: integer('port', values.port as string | undefined, 7979, 65_535),
    host: values.host as string | undefined,
    timeoutMs,
    prefix: (values.prefix as string | undefined) ?? 'app',
    autoExport: values['auto-export'] === true || !mappingFile,
    keepAlive: true,
  });
  process.stdout.write(`promkit-json-exporter: serving ${exporter.url} from ${target}\n`);
  const shutdown = () => {
    exporter.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`promkit-json-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
