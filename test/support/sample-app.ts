import { join } from 'node:path';
import { freePort } from './free-port';
import { type ServiceProcess, startService } from './service-process';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');

export interface RunningSampleApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, a Prometheus target. */
  readonly target: string;
  readonly process: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * Runs the sample orders service (sample/src/main.ts) as its own Node process
 * on a free loopback port, straight from the TypeScript sources, and resolves
 * once `/health` answers (compiling takes seconds, a minute on a loaded machine). On a startup failure it is stopped and the rejection
 * carries its output.
 */
export function startSampleApp(readyTimeoutMs = 60_000): Promise<RunningSampleApp> {
  return startSampleProgram('sample app', join(ROOT, 'sample', 'src', 'main.ts'), readyTimeoutMs);
}

/**
 * The Express sample (sample/src/catalog/main.ts), started the same way; with
 * `workers`, as a Node cluster whose workers serve the merged view on /metrics.
 */
export function startCatalogSample(
  options: { readonly workers?: number; readonly readyTimeoutMs?: number } = {},
): Promise<RunningSampleApp> {
  return startSampleProgram(
    'catalog sample',
    join(ROOT, 'sample', 'src', 'catalog', 'main.ts'),
    options.readyTimeoutMs ?? 60_000,
    options.workers ? { WORKERS: String(options.workers) } : {},
  );
}

/**
 * A program compiles for seconds between `freePort()` and its `listen()`; on a
 * busy machine another process (or an outgoing socket) may take the port in
 * between. Such a start is retried on a new port; any other failure is not.
 */
async function startSampleProgram(
  name: string,
  entry: string,
  readyTimeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningSampleApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(name, entry, readyTimeoutMs, env);
    } catch (error) {
      if (attempt === 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startOnFreePort(
  name: string,
  entry: string,
  readyTimeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<RunningSampleApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService(
    name,
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', join(__dirname, 'resolve-promkit-from-source.ts'), entry],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      },
    },
  );
  try {
    await waitFor(
      async () => {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
        return response.ok ? true : undefined;
      },
      {
        what: `the ${name} on ${url} to answer /health`,
        timeoutMs: readyTimeoutMs,
        giveUp: () => (service.exited() ? 'it exited' : undefined),
      },
    );
  } catch (error) {
    await service.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- ${name} output ---\n${service.output()}`);
  }
  return { url, target: `127.0.0.1:${port}`, process: service, stop: () => service.stop() };
}
