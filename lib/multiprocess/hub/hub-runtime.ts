import { getDefaultRegistry, type Registry } from '../../core';
import { AggregatedCollector } from '../aggregated-collector';
import { processIdentity } from '../process-start';
import { SnapshotTaker } from '../take-snapshot';
import type { Channels } from './channels';
import { Hub } from './hub';
import { Member } from './member';
import { viewSnapshot } from './view-snapshot';

/**
 * A deployment's multi-process state in this process (or thread), created
 * once whatever number of registries use it: the registries it reports, the
 * hub and its one merged view when it aggregates, the member when it reports
 * to a hub. The merged view is shared by every registry of the process and by
 * members that ask for it, so a burst of scrapes and requests costs one
 * gathering, and a refused snapshot is counted in every reading of the view.
 */
export class HubRuntime {
  private registries: Registry<any>[] | undefined = undefined;
  /** How long a gathering waits for members: the option of the registry created last. */
  private timeout = 0;
  private view: AggregatedCollector | undefined = undefined;
  private hub: Hub | undefined = undefined;
  private member: Member | undefined = undefined;

  constructor(private readonly channels: Channels) {}

  /** The registries this process reports (prom-client's `setRegistries`; default the global registry). */
  readonly reported = (): Registry<any>[] => this.registries ?? [getDefaultRegistry()];

  setRegistries(list: Registry<any>[]): void {
    this.registries = list;
  }

  /** The aggregating side: this process's merged view, its hub created on first use. */
  mergedView(timeout: number): AggregatedCollector {
    this.timeout = timeout;
    if (this.view !== undefined) return this.view;
    const { deployment } = this.channels;
    const channels = this.channels.hubChannels();
    const hub: Hub = new Hub(channels, deployment, this.taker(this.channels.hubName), () =>
      viewSnapshot(view),
    );
    const view: AggregatedCollector = new AggregatedCollector(deployment, () => hub.gather(this.timeout));
    channels.listen(hub);
    this.hub = hub;
    this.view = view;
    return view;
  }

  /** The reporting side, created on first use; a later registry's checkpoint interval replaces the earlier one. */
  memberOfHub(checkpointInterval: number): Member {
    if (this.member !== undefined) {
      this.member.configure({ checkpointInterval });
      return this.member;
    }
    const channel = this.channels.memberChannel();
    const member = new Member(this.taker(this.channels.memberName()), channel, { checkpointInterval });
    channel.listen(member);
    member.start();
    this.member = member;
    return member;
  }

  /** Members the hub has heard from and that are still running. */
  get runningMembers(): number {
    return this.hub?.counts.known ?? 0;
  }

  private taker(worker: string): SnapshotTaker {
    return new SnapshotTaker(processIdentity(worker), this.reported);
  }
}

/** The one place for process-wide multi-process state: a runtime per deployment. */
const runtimes = new Map<Channels['deployment'], HubRuntime>();

/** This process's runtime for the channels' deployment, created on first use. */
export function runtimeOf(channels: Channels): HubRuntime {
  let runtime = runtimes.get(channels.deployment);
  if (runtime === undefined) {
    runtime = new HubRuntime(channels);
    runtimes.set(channels.deployment, runtime);
  }
  return runtime;
}
