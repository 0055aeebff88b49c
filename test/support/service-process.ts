import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** How much of a service's output is kept for error messages. */
const OUTPUT_TAIL_CHARS = 8000;
const STOP_GRACE_MS = 5000;

/** A long-running program started for a test (a server, a gateway, an app). */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Whether it has exited (by itself or after stop()). */
  exited(): boolean;
  /** The last few kilobytes of its stdout and stderr, interleaved, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `command` as a direct child (not detached and not through a shell,
 * so it has no children of its own to leak). If the test process dies
 * without calling stop(), an exit hook still kills it.
 */
export function startService(
  name: string,
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ServiceProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A spawn failure (missing binary) surfaces as an exit the caller sees via exited()/output().
  child.on('error', (error) => keep(Buffer.from(`\n[spawn error] ${error.message}\n`)));

  const hasExited = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  const killOnExit = () => {
    if (!hasExited()) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (hasExited()) return;
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    try {
      await exit;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name,
    pid: child.pid,
    exited: hasExited,
    output: () => tail,
    stop: () => (stopping ??= stop()),
  };
}
