import { isMainThread } from 'node:worker_threads';

/**
 * Saves a process's last values before it is gone: synchronous work only, so
 * nothing can be recorded between the last save and the end.
 */
export type ExitFlush = () => void;

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

const flushes = new Set<ExitFlush>();
let installed = false;

function flushAll(): void {
  for (const flush of flushes) {
    try {
      flush();
    } catch {
      // Exiting: nothing useful can be done about a failed last write.
    }
  }
}

/**
 * A termination signal with no other listener would end the process at once,
 * without `exit` handlers. When promkit's listener is the only one, it
 * flushes and then re-raises the signal, so the process still ends the way
 * the signal says (exit status, `cluster` and process managers see the same
 * thing). When the app handles the signal itself, it is left alone: the app
 * exits later and the `exit` flush runs then.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  flushAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', flushAll);
  // Threads receive no signals; their `exit` event is enough.
  if (isMainThread) for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', flushAll);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/** Registers a flush for process exit; returns the function that removes it. */
export function onProcessExit(flush: ExitFlush): () => void {
  flushes.add(flush);
  install();
  return () => {
    flushes.delete(flush);
    if (flushes.size === 0) uninstall();
  };
}
