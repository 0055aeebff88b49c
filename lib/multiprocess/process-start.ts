import { performance } from 'node:perf_hooks';

/** When this process (or thread) started, in milliseconds since the epoch. */
export const processStartedAt = Math.round(performance.timeOrigin);
