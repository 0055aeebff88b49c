/**
 * Messages between the aggregating process (the hub: a cluster primary or the
 * main thread) and its members (cluster workers, worker threads). Every
 * message carries the tag, so an app's own messages on the same channel are
 * never mistaken for ours, nor ours for the app's.
 */
export const MESSAGE_TAG = 'promkit:multiprocess';

/** A member says it takes part: scrapes wait for it from now on. */
export interface HelloMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'hello';
  readonly worker: string;
}

/** The hub asks for a hello: it has just started after its members, or just taken a thread's port. */
export interface AnnounceMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'announce';
}

/** The hub asks every member for a snapshot. */
export interface CollectMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'collect';
  readonly request: number;
}

/**
 * A member's snapshot: the answer to `request`, or unasked (a checkpoint, or
 * the last one before it exits). `ack` asks the hub to confirm receipt.
 */
export interface SnapshotMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'snapshot';
  readonly worker: string;
  readonly request?: number;
  readonly ack?: number;
  /** The snapshot, unchecked until the hub validates it. */
  readonly snapshot: unknown;
}

/** A member could not collect its metrics. */
export interface FailureMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'failure';
  readonly worker: string;
  readonly request: number;
  readonly reason: string;
}

/** The hub confirms a snapshot sent with `ack`. */
export interface AckMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'ack';
  readonly worker: string;
  readonly ack: number;
}

/** The hub could not apply a member's change (it lost track): the member sends whole snapshots again. */
export interface ResyncMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'resync';
  readonly worker: string;
}

/** A member asks the hub for the merged view, to serve it itself. */
export interface ViewRequestMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'view-request';
  readonly worker: string;
  readonly request: number;
}

/**
 * The merged view for a member, as one snapshot whose families are already
 * merged. Requests that arrived while it was produced share it: `requests`
 * lists all of them (`request` is the first).
 */
export interface ViewMessage {
  readonly tag: typeof MESSAGE_TAG;
  readonly kind: 'view';
  readonly worker: string;
  readonly request: number;
  readonly requests?: readonly number[];
  readonly snapshot?: unknown;
  readonly reason?: string;
}

export type HubMessage = AnnounceMessage | CollectMessage | AckMessage | ResyncMessage | ViewMessage;
export type MemberMessage = HelloMessage | SnapshotMessage | FailureMessage | ViewRequestMessage;

export function isProtocolMessage(value: unknown): value is HubMessage | MemberMessage {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { tag?: unknown }).tag === MESSAGE_TAG &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}
