import { BroadcastChannel, isMainThread, threadId, type Worker } from 'node:worker_threads';
import { getDefaultRegistry, type Registry } from '../../core';
import { AggregatedCollector, type Gathered } from '../aggregated-collector';
import { Hub } from '../hub/hub';
import { Member } from '../hub/member';
import { type HubMessage, isProtocolMessage, MESSAGE_TAG, type MemberMessage } from '../hub/protocol';
import { viewSnapshot } from '../hub/view-snapshot';
import { processStartedAt } from '../process-start';
import type { ProcessSnapshot } from '../snapshot';
import { SnapshotTaker } from '../take-snapshot';

/**
 * Requests go to every thread on one broadcast channel; each member answers
 * on a channel of its own, so snapshots reach the main thread only and no
 * thread decodes another's.
 */
const CONTROL_CHANNEL = 'promkit:multiprocess:control';
const memberChannelName = (id: string) => `promkit:multiprocess:member:${id}`;

/** How long a closed member's channel stays open for its last words. */
const LINGER_MS = 2000;

let registries: Registry<any>[] | undefined;

export function threadRegistries(): Registry<any>[] {
  return registries ?? [getDefaultRegistry()];
}

export function setThreadRegistries(list: Registry<any>[]): void {
  registries = list;
}

let hub: Hub | undefined;
let member: Member | undefined;
let viewTimeout = 2000;
const started = new Map<string, Worker>();

function channel(name: string): BroadcastChannel {
  const c = new BroadcastChannel(name);
  // Listening must never keep a thread (or the process) alive.
  c.unref();
  return c;
}

/** The main thread's side: created once, it learns of workers from `process.on('worker')`. */
export function threadsHub(timeout: number): Hub {
  viewTimeout = timeout;
  if (hub) return hub;
  const control = channel(CONTROL_CHANNEL);
  const channels = new Map<string, BroadcastChannel>();
  const self = new SnapshotTaker(
    { worker: 'main', pid: process.pid, startedAt: processStartedAt },
    threadRegistries,
  );
  const created: Hub = new Hub(
    {
      reachable: () => [...new Set([...started.keys(), ...channels.keys()])],
      send: (id, message) => {
        channels.get(id)?.postMessage(message);
      },
      collectAll: (message) => {
        control.postMessage(message);
        return [...channels.keys()];
      },
    },
    'threads',
    self,
    (): Promise<ProcessSnapshot> => viewSnapshot(forWorkers),
  );
  const forWorkers: AggregatedCollector = new AggregatedCollector(
    'threads',
    (): Promise<Gathered> => created.gather(viewTimeout),
  );
  const listen = (id: string) => {
    if (channels.has(id)) return;
    const c = channel(memberChannelName(id));
    c.onmessage = (event) => {
      const message = (event as MessageEvent).data;
      if (isProtocolMessage(message)) created.receive(id, message as MemberMessage);
    };
    channels.set(id, c);
  };
  control.onmessage = (event) => {
    const message = (event as MessageEvent).data;
    if (isProtocolMessage(message) && message.kind === 'hello' && typeof message.worker === 'string') {
      listen(message.worker);
      created.receive(message.worker, message);
    }
  };
  process.on('worker', (worker: Worker) => {
    const id = String(worker.threadId);
    started.set(id, worker);
    listen(id);
    worker.once('exit', () => {
      started.delete(id);
      created.exited(id);
      setTimeout(() => {
        channels.get(id)?.close();
        channels.delete(id);
      }, LINGER_MS).unref();
    });
  });
  // Threads started before this registry: they said hello to nobody.
  control.postMessage({ tag: MESSAGE_TAG, kind: 'announce' });
  hub = created;
  return created;
}

/** A worker thread's side, created once per thread. */
export function threadsMember(checkpointInterval: number): Member {
  if (member) {
    member.configure({ checkpointInterval });
    return member;
  }
  const id = String(threadId);
  const control = channel(CONTROL_CHANNEL);
  const own = channel(memberChannelName(id));
  const taker = new SnapshotTaker(
    { worker: id, pid: process.pid, startedAt: processStartedAt },
    threadRegistries,
  );
  const created = new Member(
    taker,
    {
      connected: () => true,
      send: (message) => {
        (message.kind === 'hello' ? control : own).postMessage(message);
      },
    },
    { checkpointInterval },
  );
  const onMessage = (event: unknown) => {
    const message = (event as MessageEvent).data;
    if (isProtocolMessage(message)) created.handle(message as HubMessage);
  };
  control.onmessage = onMessage;
  own.onmessage = onMessage;
  created.start();
  member = created;
  return created;
}

export const inMainThread = isMainThread;

/** Worker threads the main thread has heard from and that are still running. */
export function runningWorkerCount(): number {
  return hub ? hub.counts.known : 0;
}
