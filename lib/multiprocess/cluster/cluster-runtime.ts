import type { Cluster, Worker } from 'node:cluster';
import { getDefaultRegistry, type Registry } from '../../core';
import { AggregatedCollector, type Gathered } from '../aggregated-collector';
import { SIGNAL_SETTLE_MS } from '../exit-hooks';
import { Hub } from '../hub/hub';
import { Member } from '../hub/member';
import { isProtocolMessage, MESSAGE_TAG, type MemberMessage } from '../hub/protocol';
import { viewSnapshot } from '../hub/view-snapshot';
import { processStartedAt } from '../process-start';
import type { ProcessSnapshot } from '../snapshot';
import { SnapshotTaker } from '../take-snapshot';
import { beforeDisconnect, primaryChannelIdle, writeToPrimaryNow } from './parent-channel';

// Loaded on first use: some application servers (Passenger) crash when `cluster` is merely imported.
let clusterModule: Cluster | undefined;
export function nodeCluster(): Cluster {
  clusterModule ??= require('node:cluster') as Cluster;
  return clusterModule;
}

/** The registries every process of the cluster reports (prom-client's `setRegistries`). */
let registries: Registry<any>[] | undefined;

export function clusterRegistries(): Registry<any>[] {
  return registries ?? [getDefaultRegistry()];
}

export function setClusterRegistries(list: Registry<any>[]): void {
  registries = list;
}

let hub: Hub | undefined;
let member: Member | undefined;
/** How long the view handed to workers waits for the others (the latest registry's timeout). */
let viewTimeout = 2000;

function workerList(cluster: Cluster): Worker[] {
  return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
}

/** The primary's side, created once per process with listeners on the `cluster` module. */
export function clusterHub(timeout: number): Hub {
  viewTimeout = timeout;
  if (hub) return hub;
  const cluster = nodeCluster();
  const self = new SnapshotTaker(
    { worker: 'primary', pid: process.pid, startedAt: processStartedAt },
    clusterRegistries,
  );
  const created: Hub = new Hub(
    {
      reachable: () =>
        workerList(cluster)
          .filter((w) => w.isConnected())
          .map((w) => String(w.id)),
      send: (id, message) => {
        cluster.workers?.[id]?.send(message);
      },
      collectAll: (message) =>
        workerList(cluster)
          .filter((w) => w.isConnected())
          .filter((w) => {
            try {
              // false only means the channel is backed up: the message is still queued.
              w.send(message);
              return true;
            } catch {
              return false;
            }
          })
          .map((w) => String(w.id)),
    },
    'cluster',
    self,
    (): Promise<ProcessSnapshot> => viewSnapshot(forWorkers),
  );
  // Workers that serve the merged view themselves get it from here.
  const forWorkers: AggregatedCollector = new AggregatedCollector(
    'cluster',
    (): Promise<Gathered> => created.gather(viewTimeout),
  );
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isProtocolMessage(message)) {
      created.receive(String(worker.id), worker.process.pid ?? -1, message as MemberMessage);
    }
  });
  cluster.on('exit', (worker: Worker) => created.exited(String(worker.id)));
  // Workers started before this registry: they said hello to nobody.
  for (const worker of workerList(cluster)) {
    if (worker.isConnected()) worker.send({ tag: MESSAGE_TAG, kind: 'announce' });
  }
  hub = created;
  return created;
}

/** A worker's side, created once per process; answers the primary over IPC. */
export function clusterMember(checkpointInterval: number): Member {
  if (member) {
    member.configure({ checkpointInterval });
    return member;
  }
  const cluster = nodeCluster();
  const worker = String(cluster.worker?.id ?? process.pid);
  const taker = new SnapshotTaker(
    { worker, pid: process.pid, startedAt: processStartedAt },
    clusterRegistries,
  );
  const created = new Member(
    taker,
    {
      connected: () => process.connected === true && typeof process.send === 'function',
      send: (message) => {
        process.send?.(message);
      },
      sendNow: writeToPrimaryNow,
      settle: () => primaryChannelIdle(SIGNAL_SETTLE_MS),
      beforeClose: beforeDisconnect,
    },
    { checkpointInterval },
  );
  const keepsAlive = process.listenerCount('message') > 0;
  process.on('message', (message: unknown) => {
    if (isProtocolMessage(message)) created.handle(message as never);
  });
  // Listening must not keep an otherwise finished worker alive (the app's own listeners still do).
  if (!keepsAlive) (process as { channel?: { unref(): void } }).channel?.unref();
  created.start();
  member = created;
  return created;
}
