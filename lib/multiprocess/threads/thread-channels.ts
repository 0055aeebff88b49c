import type { MessagePort, Worker } from 'node:worker_threads';
import { nodeBuiltin } from '../../core';
import type { Channels, HubChannels, MemberChannel } from '../hub/channels';
import type { Hub } from '../hub/hub';
import { type HubRuntime, runtimeOf } from '../hub/hub-runtime';
import { type HubMessage, isProtocolMessage, MESSAGE_TAG, type MemberMessage } from '../hub/protocol';
import type { ProcessSnapshot } from '../snapshot';
import { isJoin, joinMessage, type ThreadJoin } from './thread-join';

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
 * The aggregating thread's end. Every member has a port of its own to it
 * (see `thread-join.ts`): what arrives on a port is from the thread that owns
 * it, and the port closes when that thread ends, however it ends.
 */
class MainThreadChannels implements HubChannels {
  private readonly ports = new Map<string, MessagePort>();
  /** Every thread that has had a port here: an id is bound once. */
  private readonly bound = new Set<string>();
  /** Threads started from this one that have not joined yet: scrapes count them as silent. */
  private readonly started = new Set<string>();

  reachable(): readonly string[] {
    return [...new Set([...this.started, ...this.ports.keys()])];
  }

  send(member: string, message: HubMessage): void {
    this.ports.get(member)?.postMessage(message);
  }

  listen(hub: Hub): void {
    onThreadJoins((worker, message) => this.bind(hub, String(worker.threadId), message.port));
    process.on('worker', (worker: Worker) => {
      const id = String(worker.threadId);
      this.started.add(id);
      worker.once('exit', () => this.started.delete(id));
    });
  }

  private bind(hub: Hub, id: string, port: MessagePort): void {
    if (this.bound.has(id)) {
      port.close();
      return;
    }
    this.bound.add(id);
    this.ports.set(id, port);
    // Only a member hands over a port: scrapes wait for it even before it has spoken (its
    // first records may be acknowledged to the app before this thread hears its hello).
    hub.joined(id);
    listenTo(port, (message) => {
      if (!isJoin(message)) {
        if (isProtocolMessage(message)) hub.receive(id, process.pid, message as MemberMessage);
      } else if (typeof message.worker === 'string' && !this.started.has(message.worker)) {
        // A thread started from a member; one started from here joins through its own Worker only.
        this.bind(hub, message.worker, message.port);
      } else message.port.close();
    });
    port.once('close', () => {
      this.ports.delete(id);
      hub.exited(id);
    });
    port.postMessage({ tag: MESSAGE_TAG, kind: 'announce' } satisfies HubMessage);
  }
}

/** A worker thread's end: one end of a channel of its own, handed to its parent. */
function threadChannel(): MemberChannel {
  const { MessageChannel, parentPort } = workerThreads();
  const { port1: own, port2: theirs } = new MessageChannel();
  let open = true;
  let heard = false;
  return {
    connected: () => open,
    send: (message) => {
      // Until the hub answers, nobody may be reading: only a last snapshot is worth queuing.
      if (heard || isLastSnapshot(message)) own.postMessage(message);
    },
    listen(member) {
      listenTo(own, (message) => {
        if (!isProtocolMessage(message)) return;
        heard = true;
        member.handle(message as HubMessage);
      });
      own.once('close', () => {
        open = false;
      });
      // Threads started from this one join through it: their ports are handed on unopened.
      onThreadJoins((worker, message) => {
        if (open) own.postMessage(joinMessage(message.port, String(worker.threadId)), [message.port]);
      });
      parentPort?.postMessage(joinMessage(theirs), [theirs]);
    },
  };
}

/** Loaded at the call, so promkit imports where there are no worker threads (Workers, browsers). */
function workerThreads(): typeof import('node:worker_threads') {
  return nodeBuiltin('node:worker_threads', 'WorkerRegistry');
}

function isLastSnapshot(message: MemberMessage): boolean {
  return message.kind === 'snapshot' && (message.snapshot as Partial<ProcessSnapshot>).final === true;
}

const THREAD_CHANNELS: Channels = {
  deployment: 'threads',
  hubName: 'main',
  memberName: () => String(workerThreads().threadId),
  hubChannels: () => new MainThreadChannels(),
  memberChannel: threadChannel,
};

/** This thread's worker_threads runtime. */
export function threadsRuntime(): HubRuntime {
  return runtimeOf(THREAD_CHANNELS);
}
