import type { MessagePort } from 'node:worker_threads';
import { MESSAGE_TAG } from '../hub/protocol';

/**
 * How a worker thread reaches the aggregating thread: it sends one end of a
 * channel of its own to its parent, through `parentPort` (the one way Node
 * gives a thread to hand over a port). The parent's promkit takes it from the
 * `Worker` it came through, which names the thread; a parent that is itself a
 * member hands it on to the hub over its own port, naming the thread. A
 * thread can thus only ever speak on its own port, and the hub sees the port
 * close when the thread ends.
 */
export interface ThreadJoin {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'join';
  /** Set when a parent hands on a thread's port: that thread's id. */
  readonly worker?: string;
  readonly port: MessagePort;
}

export function joinMessage(port: MessagePort, worker?: string): ThreadJoin {
  return { tag: MESSAGE_TAG, kind: 'join', port, ...(worker === undefined ? {} : { worker }) };
}

export function isJoin(value: unknown): value is ThreadJoin {
  if (value === null || typeof value !== 'object') return false;
  const message = value as Partial<ThreadJoin>;
  return message.tag === MESSAGE_TAG && message.kind === 'join' && isPort(message.port);
}

function isPort(value: unknown): value is MessagePort {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as MessagePort).postMessage === 'function' &&
    typeof (value as MessagePort).close === 'function'
  );
}
