import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceProcess, startService } from './service-process';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');
const RUNTIME_SCRIPTS = join(ROOT, 'test', 'runtimes');

/** A directory laid out as an app that installed promkit: its own package.json, the build in node_modules. */
export interface RuntimeApp {
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * Copies the build (not a link: Deno treats a package as npm's only inside
 * node_modules) and the runtime scripts of test/runtimes into a new app directory.
 */
export async function installRuntimeApp(extraFiles: Record<string, string> = {}): Promise<RuntimeApp> {
  if (!existsSync(join(ROOT, 'dist', 'cjs', 'index.js'))) {
    throw new Error('promkit is not built: run npm run build');
  }
  const dir = await mkdtemp(join(tmpdir(), 'promkit-runtime-'));
  const installed = join(dir, 'node_modules', 'promkit');
  await mkdir(installed, { recursive: true });
  await cp(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true });
  await cp(join(ROOT, 'package.json'), join(installed, 'package.json'));
  await cp(RUNTIME_SCRIPTS, dir, { recursive: true });
  const app = { name: 'promkit-runtime-app', private: true, type: 'module', dependencies: { promkit: '*' } };
  await writeFile(join(dir, 'package.json'), JSON.stringify(app));
  for (const [name, text] of Object.entries(extraFiles)) await writeFile(join(dir, name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A runtime's binary from the devDependencies. */
export function runtimeBinary(name: 'bun' | 'deno'): string {
  return join(ROOT, 'node_modules', '.bin', name);
}

export interface ServingApp {
  readonly process: ServiceProcess;
  readonly base: string;
}

/** Starts a script that prints `LISTENING <port>` once it serves on 127.0.0.1, and waits for that line. */
export async function startServingScript(
  name: string,
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 15_000,
): Promise<ServingApp> {
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  const started = startService(name, command, args, { cwd, env });
  try {
    const port = await waitFor(
      async () => /LISTENING (\d+)/.exec(started.output())?.[1],
      {
        what: `${name} to serve`,
        timeoutMs,
        intervalMs: 50,
        giveUp: () => (started.exited() ? `it exited:\n${started.output()}` : undefined),
      },
      () => started.output(),
    );
    return { process: started, base: `http://127.0.0.1:${port}` };
  } catch (error) {
    await started.stop();
    throw error;
  }
}
