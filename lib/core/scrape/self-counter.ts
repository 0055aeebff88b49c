import type { CounterFamily } from '../../model';
import type { Collector } from '../collector';

export interface SelfCounterFamily {
  readonly name: string;
  readonly help: string;
  /** The one label, naming what was counted (a metric, a collector). */
  readonly label: string;
  /** The name the collector describes, checked against the registry's other names. */
  readonly described: string;
}

/**
 * One of promkit's own counters about a registry (`promkit_*`), by one label:
 * counted in memory, exposed as a counter family once anything was counted.
 */
export class SelfCounter implements Collector {
  private readonly counts = new Map<string, number>();

  constructor(private readonly spec: SelfCounterFamily) {}

  /** Counts one for `value`; returns whether it was its first. */
  add(value: string): boolean {
    const count = this.counts.get(value) ?? 0;
    this.counts.set(value, count + 1);
    return count === 0;
  }

  clear(): void {
    this.counts.clear();
  }

  get empty(): boolean {
    return this.counts.size === 0;
  }

  family(): CounterFamily {
    const { name, help, label } = this.spec;
    return {
      name,
      help,
      type: 'counter',
      points: [...this.counts].map(([value, count]) => ({
        labelNames: [label],
        labelValues: [value],
        value: count,
      })),
    };
  }

  collect(): CounterFamily[] {
    return [this.family()];
  }

  describe(): readonly string[] {
    return [this.spec.described];
  }
}
