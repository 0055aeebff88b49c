import type { Collector } from '../../core';
import { type CounterFamily, type MetricFamily, totalName } from '../../model';
import { markAggregated } from '../aggregated-marker';

export const WRITE_ERRORS_FAMILY = 'promkit_directory_write_errors';

/** In this process's merged view: how often it failed to write its own file to the shared directory. */
export class WriteErrorsCollector implements Collector {
  readonly validByConstruction = true;

  constructor(private readonly failedWrites: () => number) {}

  collect(): MetricFamily[] {
    const family: CounterFamily = {
      name: WRITE_ERRORS_FAMILY,
      help: "Failed writes of this process's file to the shared metrics directory (full, read-only or missing); other processes' scrapes see this process's last written counts meanwhile.",
      type: 'counter',
      points: [{ labelNames: [], labelValues: [], value: this.failedWrites() }],
    };
    return [markAggregated(family)];
  }

  describe(): readonly string[] {
    return [totalName(WRITE_ERRORS_FAMILY)];
  }
}
