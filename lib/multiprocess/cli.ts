import { parseArgs } from 'node:util';
import { startHttpServer } from '../export';
import { MULTIPROCESS_DIR_ENV, MultiprocessDirectory } from './directory/multiprocess-directory';

const USAGE = `Usage: promkit serve [--dir DIR] [--port N] [--host H] [--path P] [--timeout MS]
       promkit show  [--dir DIR] [--format text|openmetrics]

Merges the metrics that every process writes to the shared directory DIR
(default: $${MULTIPROCESS_DIR_ENV}) into one view.

  serve           serve the merged view to Prometheus on http://HOST:PORT/PATH
  show            print the merged view once and exit
  --dir DIR       the shared directory
  --port N        listen port (default 9400)
  --host H        listen address (default: all interfaces)
  --path P        metrics path (default /metrics)
  --timeout MS    how long one scrape may spend reading DIR (default 2000)
  --format F      show: text (default) or openmetrics
`;

function fail(message: string): never {
  process.stderr.write(`promkit: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

async function main(): Promise<void> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        path: { type: 'string' },
        timeout: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [command, ...extra] = positionals;
  if (command !== 'serve' && command !== 'show')
    fail(command ? `unknown command "${command}"` : 'a command is required');
  if (extra.length) fail(`unexpected argument "${extra[0]}"`);
  const dir = (values.dir as string | undefined) ?? process.env[MULTIPROCESS_DIR_ENV];
  if (!dir) fail(`--dir is required when ${MULTIPROCESS_DIR_ENV} is not set`);
  const view = new MultiprocessDirectory({
    dir,
    write: false,
    timeout: integer('timeout', values.timeout as string | undefined, 2000, 1, 600_000),
  });
  if (command === 'show') {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'openmetrics')
      fail(`--format must be text or openmetrics, got "${format}"`);
    process.stdout.write(await view.aggregated.metrics({ format }));
    return;
  }
  const path = (values.path as string | undefined) ?? '/metrics';
  const server = await startHttpServer({
    registry: view.aggregated,
    port: integer('port', values.port as string | undefined, 9400, 0, 65_535),
    host: values.host as string | undefined,
    path: path.startsWith('/') ? path : `/${path}`,
    keepAlive: true,
  });
  process.stdout.write(`promkit: serving ${server.url} from ${dir}\n`);
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`promkit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
