import type { Gathered, WorkerCounts } from '../aggregated-collector';
import { applyChanges } from '../delta/apply-changes';
import type { MergeSource, OwnFamilies } from '../merge/merge-snapshots';
import type { Deployment } from '../modes';
import type { ProcessSnapshot } from '../snapshot';
import type { SnapshotTaker } from '../take-snapshot';
import { validateSnapshot } from '../validate-snapshot';
import { ExitedArchive } from './exited-archive';
import { type CollectMessage, type HubMessage, MESSAGE_TAG, type MemberMessage } from './protocol';

/** How a hub reaches its members: cluster IPC or a channel between threads. */
export interface HubTransport {
  /** Members that can be sent to right now, by id. */
  reachable(): readonly string[];
  /** Sends to one member; may throw if it has just gone. */
  send(member: string, message: HubMessage): void;
}

interface MemberState {
  /** Said hello or answered: scrapes wait for it. */
  announced: boolean;
  last: ProcessSnapshot | undefined;
}

interface Pending {
  readonly waiting: Set<string>;
  readonly answered: Map<string, ProcessSnapshot>;
  done(): void;
}

/** The members waiting for the view being produced, and their requests. */
type ViewRound = Map<string, number[]>;

function byId(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The aggregating side (a cluster primary, the main thread): asks every
 * member for a snapshot at each scrape and waits for them until a deadline.
 * A member that misses it is served from its last snapshot (a checkpoint or
 * an earlier answer); one that exits leaves its last totals in the archive.
 */
export class Hub {
  private readonly members = new Map<string, MemberState>();
  private readonly archive: ExitedArchive;
  private readonly pending = new Map<number, Pending>();
  /** Members that have exited; anything they still send goes to the archive. */
  private readonly gone = new Set<string>();
  /** When each member started, as its first accepted snapshot says: it cannot start twice. */
  private readonly startedAt = new Map<string, number>();
  private rejected: string[] = [];
  private forged: string[] = [];
  private nextRequest = 1;
  private viewRound: ViewRound | undefined = undefined;

  constructor(
    private readonly transport: HubTransport,
    deployment: Deployment,
    /** The hub's own metrics, merged first, from their families (no snapshot is taken of them). */
    private readonly self: SnapshotTaker | undefined,
    /** Answers members that want to serve the merged view themselves. */
    private readonly view: () => Promise<ProcessSnapshot>,
  ) {
    this.archive = new ExitedArchive(deployment);
  }

  /**
   * A message from `member`, as the transport knows it: the member is the
   * owner of the channel it came through (a cluster worker, a thread's port)
   * and `pid` its process, whatever the message says.
   */
  receive(member: string, pid: number, message: MemberMessage): void {
    switch (message.kind) {
      case 'hello':
        this.joined(member);
        break;
      case 'snapshot':
        this.receiveSnapshot(member, pid, message.snapshot, message.request, message.ack);
        break;
      case 'failure':
        this.rejected.push(
          `worker ${member} could not collect its metrics: ${String(message.reason).slice(0, 300)}`,
        );
        this.settle(member, message.request, undefined);
        break;
      case 'view-request':
        this.requestView(member, message.request);
        break;
    }
  }

  /**
   * Requests for the view that arrive while one is being produced share it,
   * from whichever member: a burst of requests costs one gathering, one
   * merge and one message per member.
   */
  private requestView(member: string, request: number): void {
    let round = this.viewRound;
    if (round === undefined) {
      const started: ViewRound = new Map();
      round = started;
      this.viewRound = started;
      Promise.resolve()
        .then(() => this.view())
        .then(
          (snapshot) => this.answerViews(started, { snapshot }),
          (error) =>
            this.answerViews(started, { reason: error instanceof Error ? error.message : String(error) }),
        );
    }
    const requests = round.get(member);
    if (requests === undefined) round.set(member, [request]);
    else requests.push(request);
  }

  private answerViews(round: ViewRound, answer: { snapshot?: ProcessSnapshot; reason?: string }): void {
    if (this.viewRound === round) this.viewRound = undefined;
    for (const [member, requests] of round) {
      this.trySend(member, {
        tag: MESSAGE_TAG,
        kind: 'view',
        worker: member,
        request: requests[0],
        ...(requests.length > 1 ? { requests } : {}),
        ...answer,
      });
    }
  }

  /**
   * `member` runs promkit and answers when asked: scrapes wait for it from now
   * on. A transport whose channels only members open (a thread's own port)
   * says so when the channel opens, before the member has said anything.
   */
  joined(member: string): void {
    if (!this.gone.has(member)) this.stateOf(member).announced = true;
  }

  /** The member has exited: its last snapshot joins the archive. */
  exited(member: string): void {
    const state = this.members.get(member);
    if (state?.last) this.archive.keep(state.last);
    this.members.delete(member);
    this.gone.add(member);
    for (const [request, pending] of this.pending)
      if (pending.waiting.has(member)) this.settle(member, request, undefined);
  }

  /** Members the hub has heard from, and how many have exited. */
  get counts(): { known: number; exited: number } {
    return { known: this.members.size, exited: this.archive.size };
  }

  private stateOf(member: string): MemberState {
    let state = this.members.get(member);
    if (state === undefined) {
      state = { announced: false, last: undefined };
      this.members.set(member, state);
    }
    return state;
  }

  private receiveSnapshot(
    member: string,
    pid: number,
    raw: unknown,
    request: number | undefined,
    ack: number | undefined,
  ): void {
    let snapshot: ProcessSnapshot;
    try {
      snapshot = validateSnapshot(raw);
    } catch (error) {
      this.rejected.push(
        `worker ${member} sent an invalid snapshot: ${(error as Error).message.slice(0, 300)}`,
      );
      this.refuse(member, request);
      return;
    }
    if (!this.ownedBy(member, pid, snapshot)) {
      this.forged.push(
        `worker ${member} (pid ${pid}) sent a snapshot in the name of worker ${snapshot.worker.slice(0, 100)} (pid ${snapshot.pid}, started at ${snapshot.startedAt}); it is refused`,
      );
      this.refuse(member, request);
      return;
    }
    if (snapshot.base !== undefined) {
      const last = this.gone.has(member) ? undefined : this.members.get(member)?.last;
      try {
        if (last === undefined) throw new Error('no snapshot to change');
        snapshot = applyChanges(last, snapshot);
      } catch {
        // Lost track (a refused or missed snapshot): ask for a whole one; until then the last one serves.
        if (!this.gone.has(member))
          this.trySend(member, { tag: MESSAGE_TAG, kind: 'resync', worker: member });
        if (request !== undefined) this.settle(member, request, undefined);
        return;
      }
    }
    if (this.gone.has(member)) {
      // The last words of a member whose exit was noticed first.
      this.archive.keep(snapshot);
    } else {
      const state = this.stateOf(member);
      state.announced = true;
      if (state.last === undefined || snapshot.takenAt >= state.last.takenAt) state.last = snapshot;
    }
    if (ack !== undefined) this.trySend(member, { tag: MESSAGE_TAG, kind: 'ack', worker: member, ack });
    if (request !== undefined) this.settle(member, request, snapshot);
  }

  /**
   * Whether the snapshot names the member it came from: it is kept, and
   * archived, under the identity it names, so one naming another would
   * replace that one's counts.
   */
  private ownedBy(member: string, pid: number, snapshot: ProcessSnapshot): boolean {
    const started = this.startedAt.get(member) ?? snapshot.startedAt;
    if (snapshot.worker !== member || snapshot.pid !== pid || snapshot.startedAt !== started) return false;
    this.startedAt.set(member, started);
    return true;
  }

  private refuse(member: string, request: number | undefined): void {
    if (request !== undefined) this.settle(member, request, undefined);
    // Whatever it sends next builds on what was refused: start over from a whole one.
    this.trySend(member, { tag: MESSAGE_TAG, kind: 'resync', worker: member });
  }

  private settle(member: string, request: number, snapshot: ProcessSnapshot | undefined): void {
    const pending = this.pending.get(request);
    if (pending === undefined || !pending.waiting.has(member)) return;
    pending.waiting.delete(member);
    if (snapshot) pending.answered.set(member, snapshot);
    if (pending.waiting.size === 0) pending.done();
  }

  private trySend(member: string, message: HubMessage): boolean {
    try {
      this.transport.send(member, message);
      return true;
    } catch {
      return false;
    }
  }

  /** Asks every member, waits at most `timeoutMs`, and returns what the merged view is made of. */
  async gather(timeoutMs: number): Promise<Gathered> {
    const request = this.nextRequest++;
    const reachable = this.transport.reachable();
    const collect: CollectMessage = { tag: MESSAGE_TAG, kind: 'collect', request };
    // A member that could not be asked (it has just gone) is served from its last snapshot.
    const asked = reachable.filter((member) => this.trySend(member, collect));
    const waiting = new Set(asked.filter((member) => this.members.get(member)?.announced));
    const answered = new Map<string, ProcessSnapshot>();
    let timer: NodeJS.Timeout | undefined;
    const allIn = new Promise<void>((resolve) => {
      this.pending.set(request, { waiting, answered, done: resolve });
      if (waiting.size === 0) resolve();
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      const [own] = await Promise.all([this.self?.families(), allIn]);
      return this.assemble(reachable, answered, own);
    } finally {
      clearTimeout(timer);
      this.pending.delete(request);
    }
  }

  private assemble(
    reachable: readonly string[],
    answered: ReadonlyMap<string, ProcessSnapshot>,
    own: OwnFamilies | undefined,
  ): Gathered {
    const workers: WorkerCounts = { answered: 0, late: 0, silent: 0, exited: this.archive.size };
    const sources: MergeSource[] = own ? [{ families: own, live: true }] : [];
    const ids = new Set([...reachable, ...this.members.keys()].filter((member) => !this.gone.has(member)));
    for (const member of [...ids].sort(byId)) {
      const fresh = answered.get(member);
      const last = fresh ?? this.members.get(member)?.last;
      if (fresh) workers.answered++;
      else if (last) workers.late++;
      else workers.silent++;
      if (last) sources.push({ snapshot: last, live: true });
    }
    sources.push(...this.archive.sources());
    const { rejected, forged } = this;
    this.rejected = [];
    this.forged = [];
    return { sources, workers, rejected, forged };
  }
}
