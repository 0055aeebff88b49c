import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/** Preload that makes `require('promkit')` load the bundle named by PROMKIT_BUNDLE. */
export const REQUIRE_BUNDLE = join(__dirname, 'require-promkit-bundle.js');

export interface ChildRuntime {
  /** The environment a child needs: PROMKIT_BUNDLE names the bundle. */
  readonly env: NodeJS.ProcessEnv;
  /** Node arguments that make `require('promkit')` load it. */
  readonly execArgv: string[];
  readonly bundle: string;
  /** The `promkit` command (lib/multiprocess/cli.ts), bundled the same way. */
  readonly cli: string;
}

/**
 * promkit's sources bundled into one CommonJS file for the child processes of
 * a test file (cluster workers, PM2 instances, threads): they start in a
 * fraction of the time a TypeScript loader takes, and run the current
 * sources, never a stale build. Built before the file's tests, removed after.
 */
export function usePromkitBundle(): () => ChildRuntime {
  let dir: string | undefined;
  let runtime: ChildRuntime | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promkit-bundle-'));
    const bundle = join(dir, 'promkit.js');
    const cli = join(dir, 'promkit-cli.js');
    const options = {
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    } as const;
    await build({ ...options, entryPoints: [join(ROOT, 'lib', 'index.ts')], outfile: bundle });
    await build({ ...options, entryPoints: [join(ROOT, 'lib', 'multiprocess', 'cli.ts')], outfile: cli });
    runtime = {
      env: { ...process.env, PROMKIT_BUNDLE: bundle },
      execArgv: ['-r', REQUIRE_BUNDLE],
      bundle,
      cli,
    };
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (runtime === undefined) throw new Error('the promkit bundle is built in beforeAll');
    return runtime;
  };
}
