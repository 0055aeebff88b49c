import type { Collector } from '../core';
import { Coalescer } from '../core';
import type { MetricFamily } from '../model';
import { markAggregated } from './aggregated-marker';
import { type MergeSource, SnapshotMerger } from './merge/merge-snapshots';
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
  /** In priority order: the merging process's own families (or snapshot) first. */
  readonly sources: readonly MergeSource[];
  readonly workers: WorkerCounts;
  /** Snapshots refused since the last scrape (garbage, wrong format), with the reason. */
  readonly rejected: readonly string[];
  /** Snapshots refused since the last scrape for naming another process or thread than the one that sent them. */
  readonly forged?: readonly string[];
}

/** Gathers the snapshots of every process for one scrape. */
export type Gatherer = () => Promise<Gathered>;

const STATES = ['answered', 'late', 'silent', 'exited'] as const;
const ERROR_REASONS = ['invalid', 'forged', 'conflict', 'invalid_series'] as const;

/**
 * A collector whose families are the merged view of many processes. Register
 * it in a registry of its own (see `aggregatedRegistry`): every handler,
 * server and format then serves the merged view. It also reports how many
 * workers answered and what was left out, and warns once per reason. The
 * merge runs in slices of time, and collections asked for while one runs
 * share it: a burst of scrapes (or of members' requests for the view) costs
 * one gathering and one merge.
 */
export class AggregatedCollector implements Collector {
  /** Merged from validated snapshots: every family is well formed. */
  readonly validByConstruction = true;
  private readonly errors = new Map<string, number>();
  private readonly warned = new Set<string>();
  private readonly merger: SnapshotMerger;
  private readonly running = new Coalescer<MetricFamily[]>();

  constructor(
    readonly deployment: Deployment,
    private readonly gather: Gatherer,
    private readonly warn: (message: string) => void = (m) => console.warn(`promkit: ${m}`),
  ) {
    this.merger = new SnapshotMerger(deployment);
  }

  collect(): Promise<MetricFamily[]> {
    return this.running.run('view', () => this.gatherAndMerge());
  }

  private async gatherAndMerge(): Promise<MetricFamily[]> {
    const gathered = await this.gather();
    const merged = await this.merger.mergeInSlices(gathered.sources);
    this.note('invalid', gathered.rejected);
    this.note('forged', gathered.forged ?? []);
    this.note('conflict', merged.conflicts);
    this.note(
      'invalid_series',
      merged.refused.map((r) => r.reason),
      merged.refused.reduce((total, r) => total + r.series, 0),
    );
    return [...merged.families, ...this.statusFamilies(gathered.workers)];
  }

  private note(reason: string, messages: readonly string[], count = messages.length): void {
    if (messages.length === 0) return;
    this.errors.set(reason, (this.errors.get(reason) ?? 0) + count);
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
        help: 'Snapshots refused as invalid or as sent in the name of another process, metrics left out for conflicting definitions, series refused for values their type cannot have.',
        type: 'counter',
        points: ERROR_REASONS.map((reason) => ({
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
