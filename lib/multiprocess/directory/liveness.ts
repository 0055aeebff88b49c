import { directoryFs } from './directory-node-modules';

/**
 * When a process started, as the kernel counts it (Linux: clock ticks since
 * boot, from /proc), or undefined where that cannot be read. Together with
 * the pid it tells a running process from a later one that got the same pid.
 */
export function processStartTicks(pid: number): string | undefined {
  try {
    const { readFileSync } = directoryFs();
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote a file is still running. */
export function isRunning(pid: number, startTicks: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, it just is not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (startTicks === undefined) return true;
  const now = processStartTicks(pid);
  return now === undefined || now === startTicks;
}
