import { optionalNodeBuiltin } from '../../core';

/**
 * Whether this process sends a merged view of many processes: the one that
 * merges them (a cluster's primary, the main thread, PM2's instance 0, by
 * `NODE_APP_INSTANCE`), so the view is sent once, not once per worker.
 * Workers and threads that serve the merged view too (asking the primary for
 * it) leave the sending to it.
 */
export function sendsMergedView(env: NodeJS.ProcessEnv = process.env): boolean {
  // Loaded at the call: promkit imports where neither module exists, and such a runtime runs one process.
  const inClusterWorker = optionalNodeBuiltin('node:cluster')?.isWorker === true;
  const inWorkerThread = optionalNodeBuiltin('node:worker_threads')?.isMainThread === false;
  if (inClusterWorker || inWorkerThread) return false;
  const instance = env.NODE_APP_INSTANCE;
  return instance === undefined || instance === '0';
}
