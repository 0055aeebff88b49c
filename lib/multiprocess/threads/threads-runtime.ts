import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  parentPort,
  threadId,
  type Worker,
} from 'node:worker_threads';
import { getDefaultRegistry, type Registry } from '../../core';
import { AggregatedCollector, type Gathered } from '../aggregated-collector';
import { Hub } from '../hub/hub';
import { Member } from '../hub/member';
import { type HubMessage, isProtocolMessage, MESSAGE_TAG, type MemberMessage } from '../hub/protocol';
import { viewSnapshot } from '../hub/view-snapshot';
import { processStartedAt } from '../process-start';
import type { ProcessSnapshot } from '../snapshot';
import { SnapshotTaker } from '../take-snapshot';
import { isJoin, joinMessage, type ThreadJoin } from './thread-join';

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

/** A port that never keeps its thread (or the process) alive by listening. */
function listenTo(port: MessagePort, onMessage: (message: unknown) => void): void {
  port.on('message', onMessage);
  port.unref();
}

/**
 * Calls `join` with every join a thread started from this one sends its
 * parent: the thread's own id comes from its `Worker` object, never from the
 * message.
 */
function onThreadJoins(join: (worker: Worker, message: ThreadJoin) => void): void {
  process.on('worker', (worker: Worker) => {
    worker.on('message', (message: unknown) => {
      if (isJoin(message)) join(worker, message);
    });
  });
}

/**
 * The aggregating thread's side, created once. Every member has a port of its
 * own to it (see `thread-join.ts`): what arrives on a port is from the thread
 * that owns it, and the port closes when that thread ends, however it ends.
 */
export function threadsHub(timeout: number): Hub {
  viewTimeout = timeout;
  if (hub) return hub;
  const ports = new Map<string, MessagePort>();
  /** Every thread that has had a port here: an id is bound once. */
  const bound = new Set<string>();
  /** Threads started from this one that have not joined yet: scrapes count them as silent. */
  const started = new Set<string>();
  const self = new SnapshotTaker(
    { worker: 'main', pid: process.pid, startedAt: processStartedAt },
    threadRegistries,
  );
  const created: Hub = new Hub(
    {
      reachable: () => [...new Set([...started, ...ports.keys()])],
      send: (id, message) => {
        ports.get(id)?.postMessage(message);
      },
      collectAll: (message) => {
        for (const port of ports.values()) port.postMessage(message);
        return [...ports.keys()];
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
  const bind = (id: string, port: MessagePort) => {
    if (bound.has(id)) {
      port.close();
      return;
    }
    bound.add(id);
    ports.set(id, port);
    // Only a member hands over a port: scrapes wait for it even before it has spoken (its
    // first records may be acknowledged to the app before this thread hears its hello).
    created.joined(id);
    listenTo(port, (message) => {
      if (!isJoin(message)) {
        if (isProtocolMessage(message)) created.receive(id, process.pid, message as MemberMessage);
      } else if (typeof message.worker === 'string' && !started.has(message.worker)) {
        // A thread started from a member; one started from here joins through its own Worker only.
        bind(message.worker, message.port);
      } else message.port.close();
    });
    port.once('close', () => {
      ports.delete(id);
      created.exited(id);
    });
    port.postMessage({ tag: MESSAGE_TAG, kind: 'announce' } satisfies HubMessage);
  };
  onThreadJoins((worker, message) => bind(String(worker.threadId), message.port));
  process.on('worker', (worker: Worker) => {
    const id = String(worker.threadId);
    started.add(id);
    worker.once('exit', () => started.delete(id));
  });
  hub = created;
  return created;
}

/** A worker thread's side, created once per thread. */
export function threadsMember(checkpointInterval: number): Member {
  if (member) {
    member.configure({ checkpointInterval });
    return member;
  }
  const { port1: own, port2: theirs } = new MessageChannel();
  const taker = new SnapshotTaker(
    { worker: String(threadId), pid: process.pid, startedAt: processStartedAt },
    threadRegistries,
  );
  let open = true;
  let heard = false;
  const created = new Member(
    taker,
    {
      connected: () => open,
      send: (message) => {
        // Until the hub answers, nobody may be reading: only a last snapshot is worth queuing.
        if (heard || isLastSnapshot(message)) own.postMessage(message);
      },
    },
    { checkpointInterval },
  );
  listenTo(own, (message) => {
    if (!isProtocolMessage(message)) return;
    heard = true;
    created.handle(message as HubMessage);
  });
  own.once('close', () => {
    open = false;
  });
  // Threads started from this one join through it: their ports are handed on unopened.
  onThreadJoins((worker, message) => {
    if (open) own.postMessage(joinMessage(message.port, String(worker.threadId)), [message.port]);
  });
  parentPort?.postMessage(joinMessage(theirs), [theirs]);
  created.start();
  member = created;
  return created;
}

function isLastSnapshot(message: MemberMessage): boolean {
  return message.kind === 'snapshot' && (message.snapshot as Partial<ProcessSnapshot>).final === true;
}

export const inMainThread = isMainThread;

/** Worker threads the main thread has heard from and that are still running. */
export function runningWorkerCount(): number {
  return hub ? hub.counts.known : 0;
}
