import { inMainThread } from './main-thread';

/**
 * Saves a process's last values before it is gone: synchronous work only, so
 * nothing can be recorded between the last save and the end.
 */
export type ExitFlush = () => void;

/**
 * Before the flush that a termination signal triggers: lets writes already
 * under way finish (bounded by `SIGNAL_SETTLE_MS`), which an `exit` handler cannot wait for.
 */
export type ExitSettle = () => Promise<void>;

interface ExitHook {
  readonly flush: ExitFlush;
  readonly settle: ExitSettle | undefined;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** The longest a termination signal is held back, so a process manager's grace period is not used up. */
export const SIGNAL_SETTLE_MS = 1000;

const hooks = new Set<ExitHook>();
let installed = false;
let terminating = false;

function flushAll(): void {
  for (const hook of hooks) {
    try {
      hook.flush();
    } catch {
      // Exiting: nothing useful can be done about a failed last write.
    }
  }
}

async function settleAll(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SIGNAL_SETTLE_MS);
  });
  const settled = Promise.all(
    [...hooks].map((hook) => (hook.settle ? hook.settle().catch(() => undefined) : undefined)),
  );
  await Promise.race([settled, deadline]);
  clearTimeout(timer);
}

/**
 * A termination signal with no other listener would end the process at once,
 * without `exit` handlers. When promkit's listener is the only one, it lets
 * pending writes finish, flushes and then re-raises the signal, so the
 * process still ends the way the signal says (exit status, `cluster` and
 * process managers see the same thing). A second signal meanwhile ends it at
 * once, after the flush. When the app handles the signal itself, it is left
 * alone: the app exits later and the `exit` flush runs then.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  const end = () => {
    flushAll();
    uninstall();
    process.kill(process.pid, signal);
  };
  if (terminating) {
    end();
    return;
  }
  terminating = true;
  void settleAll().then(end);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', flushAll);
  // Threads receive no signals; their `exit` event is enough.
  if (inMainThread) for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', flushAll);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * Registers a flush for process exit, and optionally what to wait for before
 * it when a termination signal ends the process; returns the function that
 * removes them.
 */
export function onProcessExit(flush: ExitFlush, settle?: ExitSettle): () => void {
  const hook: ExitHook = { flush, settle };
  hooks.add(hook);
  install();
  return () => {
    hooks.delete(hook);
    if (hooks.size === 0) uninstall();
  };
}
