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
    await build({
      entryPoints: [join(ROOT, 'lib', 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      logLevel: 'error',
    });
    runtime = { env: { ...process.env, PROMKIT_BUNDLE: bundle }, execArgv: ['-r', REQUIRE_BUNDLE], bundle };
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (runtime === undefined) throw new Error('the promkit bundle is built in beforeAll');
    return runtime;
  };
}
