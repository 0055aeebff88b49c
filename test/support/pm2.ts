import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from './child-node';

const PM2 = join(__dirname, '..', '..', 'node_modules', 'pm2', 'bin', 'pm2');

export interface Pm2 {
  /** Runs `pm2 <args>` against this instance's daemon; rejects on a non-zero exit or after `timeoutMs`. */
  run(args: readonly string[], env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<string>;
  /** Kills the daemon and every process it started, and removes PM2_HOME. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The real `pm2` package with a private PM2_HOME in a temporary directory, so
 * the test's daemon, logs and process list never touch the user's ~/.pm2 or
 * another test's daemon.
 */
export async function startPm2(): Promise<Pm2> {
  const home = await mkdtemp(join(tmpdir(), 'promkit-pm2-'));
  const run = async (args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000) => {
    const { code, signal, output } = await runNode(
      [PM2, ...args],
      { ...process.env, ...env, PM2_HOME: home },
      timeoutMs,
    );
    if (code !== 0) throw new Error(`pm2 ${args.join(' ')} failed (${code ?? signal}):\n${output}`);
    return output;
  };
  // If `pm2 kill` fails, the daemon this instance started is killed by its pid.
  const killDaemon = async () => {
    const pid = Number(await readFile(join(home, 'pm2.pid'), 'utf8').catch(() => ''));
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  let stopped: Promise<void> | undefined;
  return {
    run,
    stop: () =>
      (stopped ??= run(['kill'], {}, 30_000)
        .catch(() => undefined)
        .then(killDaemon)
        .finally(() => rm(home, { recursive: true, force: true }))),
  };
}
