import { nodeBuiltin } from '../../core';

const CLUSTER = 'the cluster mode (AggregatorRegistry)';

/**
 * A cluster worker's IPC channel to its primary, for the last message before
 * the worker is gone. `process.send` only queues what the socket does not take
 * at once (a snapshot of a few thousand series is more than it takes), and
 * the queue dies with the process: a final snapshot sent from an `exit`
 * handler, or just before a signal ends the process, is lost. Written here
 * instead, it has left the process before the call returns.
 */

/** How long a last write waits for a primary that is not reading. */
const WRITE_DEADLINE_MS = 2000;
const RETRY_PAUSE_MS = 2;

interface ChannelHandle {
  /** Bytes queued by earlier sends that the socket has not taken yet. */
  readonly writeQueueSize?: number;
}

/**
 * The stream under `process.channel`: Node keeps it under a symbol of the
 * process. Without it (another runtime or version), nothing here is used and
 * the last message goes through `process.send`.
 */
function channelHandle(): ChannelHandle | undefined {
  const key = Object.getOwnPropertySymbols(process).find((s) => s.description === 'kChannelHandle');
  const handle = key === undefined ? undefined : (process as unknown as Record<symbol, unknown>)[key];
  return handle !== null && typeof handle === 'object' ? (handle as ChannelHandle) : undefined;
}

/** Whether every earlier message has left: only then can another be written after them. */
function channelIdle(handle: ChannelHandle | undefined): boolean {
  return handle?.writeQueueSize === 0;
}

function channelFd(): number | undefined {
  // A Windows pipe is no file descriptor that a plain write can use.
  if (process.platform === 'win32') return undefined;
  const fd = (process.channel as { fd?: unknown } | undefined)?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The channel's serialization, told by the read buffer Node gives it (the
 * environment variable that named it is gone by the time any code runs).
 */
function serialization(handle: object): 'json' | 'advanced' | undefined {
  const buffers = Object.getOwnPropertySymbols(handle).map((s) => s.description);
  if (buffers.includes('kJSONBuffer')) return 'json';
  if (buffers.includes('kMessageBuffer')) return 'advanced';
  return undefined;
}

/**
 * `message` framed as `process.send` frames it: a JSON line, or in the
 * 'advanced' serialization its length and the V8 serialization (plain data
 * serializes the same with Node's serializer and V8's default one).
 */
function frame(message: object, handle: object): Buffer | undefined {
  switch (serialization(handle)) {
    case 'json':
      return Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
    case 'advanced': {
      const body = nodeBuiltin('node:v8', CLUSTER).serialize(message);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(body.length);
      return Buffer.concat([size, body]);
    }
    default:
      return undefined;
  }
}

/**
 * Writes `message` to the primary before returning. Returns false when it
 * cannot (no channel, earlier messages still queued, a serialization it does
 * not know): the caller then falls back to `process.send`. A primary that does
 * not read for `WRITE_DEADLINE_MS` gets a cut message, which it discards when
 * the channel closes; that still counts as written, since nothing may follow
 * a cut message on the channel.
 */
export function writeToPrimaryNow(message: object): boolean {
  const fd = channelFd();
  if (fd === undefined || !process.connected) return false;
  const handle = channelHandle();
  if (handle === undefined || !channelIdle(handle)) return false;
  const bytes = frame(message, handle);
  if (bytes === undefined) return false;
  const deadline = Date.now() + WRITE_DEADLINE_MS;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += nodeBuiltin('node:fs', CLUSTER).writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The socket is full: the primary reads it as it gets to it.
      if ((code !== 'EAGAIN' && code !== 'EWOULDBLOCK') || Date.now() > deadline) return offset > 0;
      pause(RETRY_PAUSE_MS);
    }
  }
  return true;
}

/** Resolves once earlier messages have left (or after `timeoutMs`), so a last one can follow them. */
export async function primaryChannelIdle(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let handle = channelHandle();
  while (handle !== undefined && !channelIdle(handle) && process.connected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    handle = channelHandle();
  }
}

/**
 * Runs `last` just before the worker's channel closes (`process.disconnect()`,
 * which `cluster` also calls when the primary disconnects or kills the
 * worker): once the channel is closed nothing can be sent. Returns the
 * function that undoes it.
 */
export function beforeDisconnect(last: () => void): () => void {
  const original = process.disconnect;
  if (typeof original !== 'function') return () => {};
  const wrapped = function (this: NodeJS.Process) {
    try {
      if (process.connected) last();
    } catch {
      // The channel is closing anyway: nothing more can be done for the last message.
    }
    return original.call(this);
  };
  process.disconnect = wrapped;
  return () => {
    if (process.disconnect === wrapped) process.disconnect = original;
  };
}
