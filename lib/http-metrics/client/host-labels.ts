import { MetricConfigError } from '../../core';

/** The `host` label of hosts past the limit. */
export const OTHER_HOSTS = '<other>';

/**
 * Host label values, remembered per host so the mapping runs once per host,
 * and bounded: past `max` distinct hosts, new ones share `<other>`.
 */
export class HostLabels {
  /** null: the mapping left this host out. */
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly map: ((host: string) => string | undefined) | undefined,
    private readonly max: number,
  ) {
    if (!(Number.isInteger(max) && max >= 1)) {
      throw new MetricConfigError(`HTTP client metrics: maxHosts must be an integer >= 1, got ${max}`);
    }
  }

  /** The label of `host`, or undefined when its requests are not measured. */
  labelOf(host: string): string | undefined {
    const known = this.known.get(host);
    if (known !== undefined) return known ?? undefined;
    if (this.known.size >= this.max) return OTHER_HOSTS;
    const label = this.map ? this.map(host) : host;
    this.known.set(host, label ?? null);
    return label;
  }
}
