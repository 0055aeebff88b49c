import { type MetricFamily, sampleNamesOf } from '../../model';

/**
 * Prometheus' `name[]` selection: a family is wanted when any name it can
 * expose (family or sample name) was asked for. Collectors that describe no
 * names are always run, since their families are only known once collected.
 */
export class NameFilter {
  private readonly wanted: ReadonlySet<string>;

  constructor(names: Iterable<string>) {
    this.wanted = new Set(names);
  }

  wantsSource(names: readonly string[]): boolean {
    return names.length === 0 || names.some((n) => this.wanted.has(n));
  }

  wantsFamily(family: MetricFamily): boolean {
    return sampleNamesOf(family.type, family.name).some((n) => this.wanted.has(n));
  }
}
