import type { Collector } from '../core';
import type { MetricFamily } from '../model';
import { markAggregated } from './aggregated-marker';
import { SnapshotMerger, type SnapshotSource } from './merge/merge-snapshots';
import type { Deployment } from './modes';

/** How the processes behind one scrape fared. */
export interface WorkerCounts {
  /** Sent a current snapshot for this scrape. */
  answered: number;
  /** Running, but did not answer in time (or its file is stale): its last snapshot is used. */
  late: number;
  /** Running, but never sent anything (never set up metrics): nothing of it is shown. */
  silent: number;
  /** Gone: its last totals are kept in counters, histograms and summaries. */
  exited: number;
}

/** What a deployment's transport gathered for one scrape. */
export interface Gathered {
  readonly sources: readonly SnapshotSource[];
  readonly workers: WorkerCounts;
  /** Snapshots refused since the last scrape (garbage, wrong format), with the reason. */
  readonly rejected: readonly string[];
  /** Snapshots refused since the last scrape for naming another process or thread than the one that sent them. */
  readonly forged?: readonly string[];
}

export type Gatherer = () => Promise<Gathered>;

const STATES = ['answered', 'late', 'silent', 'exited'] as const;

/**
 * A collector whose families are the merged view of many processes. Register
 * it in a registry of its own (see `aggregatedRegistry`): every handler,
 * server and format then serves the merged view. It also reports how many
 * workers answered and what was left out, and warns once per reason.
 */
export class AggregatedCollector implements Collector {
  /** Merged from validated snapshots: every family is well formed. */
  readonly validByConstruction = true;
  private readonly errors = new Map<string, number>();
  private readonly warned = new Set<string>();
  private readonly merger: SnapshotMerger;

  constructor(
    readonly deployment: Deployment,
    private readonly gather: Gatherer,
    private readonly warn: (message: string) => void = (m) => console.warn(`promkit: ${m}`),
  ) {
    this.merger = new SnapshotMerger(deployment);
  }

  async collect(): Promise<MetricFamily[]> {
    const gathered = await this.gather();
    const merged = this.merger.merge(gathered.sources);
    this.note('invalid', gathered.rejected);
    this.note('forged', gathered.forged ?? []);
    this.note('conflict', merged.conflicts);
    return [...merged.families, ...this.statusFamilies(gathered.workers)];
  }

  private note(reason: string, messages: readonly string[]): void {
    if (messages.length === 0) return;
    this.errors.set(reason, (this.errors.get(reason) ?? 0) + messages.length);
    for (const message of messages) {
      const kind = `${reason}:${message.replace(/\d+/g, '#')}`;
      if (this.warned.has(kind)) continue;
      this.warned.add(kind);
      this.warn(`aggregating metrics: ${message}`);
    }
  }

  private statusFamilies(workers: WorkerCounts): MetricFamily[] {
    const families: MetricFamily[] = [
      markAggregated({
        name: 'promkit_aggregation_workers',
        help: 'Processes (or threads) behind this aggregated scrape, by whether they answered in time.',
        type: 'gauge',
        points: STATES.map((state) => ({
          labelNames: ['state'],
          labelValues: [state],
          value: workers[state],
        })),
      }),
    ];
    families.push(
      markAggregated({
        name: 'promkit_aggregation_errors',
        help: 'Snapshots refused as invalid or as sent in the name of another process, and metrics left out for conflicting definitions.',
        type: 'counter',
        points: ['invalid', 'forged', 'conflict'].map((reason) => ({
          labelNames: ['reason'],
          labelValues: [reason],
          value: this.errors.get(reason) ?? 0,
        })),
      }),
    );
    return families;
  }

  describe(): readonly string[] {
    return [];
  }
}
