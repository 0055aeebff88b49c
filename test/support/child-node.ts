import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface NodeRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
}

/** Runs `node <args>` in a child, killed after `timeoutMs`; rejects only when it cannot start. */
export function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/**
 * Runs a TypeScript script in plain Node with `modules` unresolvable, as if
 * they were not installed (see hide-module.ts). Generous timeout: the child
 * compiles TypeScript, which is slow on a loaded machine.
 */
export function runWithoutModules(
  script: string,
  modules: readonly string[],
  args: readonly string[] = [],
): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', join(__dirname, 'hide-module.ts'), script, ...args],
    { encoding: 'utf8', timeout: 80_000, env: { ...process.env, HIDE_MODULES: modules.join(',') } },
  );
}
