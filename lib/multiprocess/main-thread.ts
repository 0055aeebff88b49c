import { optionalNodeBuiltin } from '../core';

/** Whether this is a process's main thread; true where there are no worker threads at all. */
export const inMainThread = optionalNodeBuiltin('node:worker_threads')?.isMainThread ?? true;
