import type { Collector, Registry } from '../../core';
import { StateSlot } from '../../core';
import { type CounterFamily, type GaugeFamily, type MetricFamily, totalName } from '../../model';

/** The labels of every series: Prometheus' own remote-storage metrics use the same two. */
const LABEL_NAMES = ['remote_name', 'url'] as const;

const PREFIX = 'promkit_remote_storage_';

/** promkit's remote-storage counters, named after Prometheus' `prometheus_remote_storage_*`. */
const COUNTERS = {
  sent: ['samples', 'Samples delivered to the receiver.'],
  failed: [
    'samples_failed',
    'Samples the receiver refused for good (an answer that is not retried), not delivered.',
  ],
  retried: [
    'samples_retried',
    'Samples sent again after a retryable failure (a connection error, a timeout, a retryable status).',
  ],
  dropped: [
    'samples_dropped',
    'Samples dropped before delivery: pushed out of a full queue, or still queued when the sender closed.',
  ],
  bytes: ['bytes', 'Payload bytes sent to the receiver, every attempt included.'],
} as const;

const LAST_SEND = `${PREFIX}last_send_timestamp_seconds`;
const PENDING = `${PREFIX}samples_pending`;

export type DeliveryCount = keyof typeof COUNTERS;

/** Anything whose queued samples count in `promkit_remote_storage_samples_pending`. */
export interface PendingSource {
  readonly pendingSamples: number;
}

/**
 * The counts of one receiver (a remote name and a url). Senders to the same
 * receiver in one registry share it, so its series are never written twice.
 */
export class DeliveryStats {
  readonly counts: Record<DeliveryCount, number> = { sent: 0, failed: 0, retried: 0, dropped: 0, bytes: 0 };
  /** Seconds since the epoch of the last delivered payload; 0 before the first. */
  lastSendSeconds = 0;
  readonly sources = new Set<PendingSource>();

  constructor(readonly labelValues: readonly [remoteName: string, url: string]) {}

  add(count: DeliveryCount, value: number): void {
    this.counts[count] += value;
  }

  get pendingSamples(): number {
    let total = 0;
    for (const source of this.sources) total += source.pendingSamples;
    return total;
  }
}

/** The collector in one registry that reports every sender delivering from it. */
class DeliveryMetricsCollector implements Collector {
  readonly receivers = new Map<string, DeliveryStats>();

  collect(): MetricFamily[] {
    const all = [...this.receivers.values()];
    if (all.length === 0) return [];
    const point = (stats: DeliveryStats, value: number) => ({
      labelNames: LABEL_NAMES,
      labelValues: stats.labelValues,
      value,
    });
    const counters = Object.entries(COUNTERS).map(
      ([count, [name, help]]): CounterFamily => ({
        name: PREFIX + name,
        help,
        type: 'counter',
        points: all.map((s) => point(s, s.counts[count as DeliveryCount])),
      }),
    );
    const gauges: GaugeFamily[] = [
      {
        name: LAST_SEND,
        help: 'When a payload was last delivered, in seconds since the epoch (0: not yet).',
        type: 'gauge',
        points: all.map((s) => point(s, s.lastSendSeconds)),
      },
      {
        name: PENDING,
        help: 'Samples queued, waiting to be delivered.',
        type: 'gauge',
        points: all.map((s) => point(s, s.pendingSamples)),
      },
    ];
    return [...counters, ...gauges];
  }

  describe(): readonly string[] {
    return [...Object.values(COUNTERS).map(([name]) => totalName(PREFIX + name)), LAST_SEND, PENDING];
  }
}

const COLLECTOR = new StateSlot<DeliveryMetricsCollector>('remote storage delivery metrics');

/** The url as a label: no credentials, no query (which may hold a token). */
export function urlLabel(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Starts reporting `source`'s deliveries to `remoteName` at `url` in
 * `registry`, registering the collector there the first time; returns the
 * shared counts and the function that stops reporting `source`.
 */
export function trackDeliveries(
  registry: Registry<any>,
  remoteName: string,
  url: URL,
  source: PendingSource,
): { stats: DeliveryStats; release: () => void } {
  const state = registry.scrapeState;
  let collector = state.get(COLLECTOR);
  if (collector === undefined) {
    collector = new DeliveryMetricsCollector();
    state.set(COLLECTOR, collector);
  }
  // Again after a registry.clear(), which took it out; a no-op when it is there.
  registry.registerCollector(collector);
  const labels = [remoteName, urlLabel(url)] as const;
  const key = labels.join('\n');
  let stats = collector.receivers.get(key);
  if (stats === undefined) {
    stats = new DeliveryStats(labels);
    collector.receivers.set(key, stats);
  }
  stats.sources.add(source);
  const shared = stats;
  const owner = collector;
  return {
    stats,
    release: () => {
      shared.sources.delete(source);
      if (shared.sources.size === 0) owner.receivers.delete(key);
    },
  };
}
