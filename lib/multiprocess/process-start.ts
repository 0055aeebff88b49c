import { realPerformance } from '../core';
import type { SnapshotIdentity } from './take-snapshot';

/** When this process (or thread) started, in milliseconds since the epoch. */
export const processStartedAt = Math.round(realPerformance.timeOrigin);

/** This process (or thread), named `worker` in the snapshots it takes. */
export function processIdentity(worker: string): SnapshotIdentity {
  return { worker, pid: process.pid, startedAt: processStartedAt };
}
