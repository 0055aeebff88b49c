import type { Hub, HubTransport } from './hub';
import type { Member, MemberTransport } from './member';

/** The aggregating side's end of a deployment's channels. */
export interface HubChannels extends HubTransport {
  /** Starts handing `hub` its members' messages, joins and exits. */
  listen(hub: Hub): void;
}

/** A member's channel to its hub. */
export interface MemberChannel extends MemberTransport {
  /** Starts handing `member` the hub's messages, and tells the hub it is there. */
  listen(member: Member): void;
}

/**
 * All that differs between a Node cluster and worker threads: how messages
 * travel between the aggregating side and its members, and how a member is
 * told from the others. Members, their snapshots, liveness, last snapshots and
 * the merged view are the `HubRuntime`'s, the same for both.
 */
export interface Channels {
  readonly deployment: 'cluster' | 'threads';
  /** The worker label of the aggregating side's own series (`primary`, `main`). */
  readonly hubName: string;
  /** This process's (or thread's) id as a member. */
  memberName(): string;
  hubChannels(): HubChannels;
  memberChannel(): MemberChannel;
}
