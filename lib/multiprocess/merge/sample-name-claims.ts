import { type MetricType, sampleNamesOf } from '../../model';

/**
 * The sample names the families of one merged view expose, and which family
 * took each. Two processes may define families whose samples would share a
 * name (a counter `jobs` exposes `jobs_total`, as a gauge `jobs_total` does):
 * written together they make an invalid exposition, and Prometheus keeps one
 * of them without a word.
 */
export class SampleNameClaims<Owner> {
  private readonly owners = new Map<string, Owner>();

  /** The family that already exposes one of these samples, and the sample. */
  clash(type: MetricType, name: string): { owner: Owner; sample: string } | undefined {
    for (const sample of sampleNamesOf(type, name)) {
      const owner = this.owners.get(sample);
      if (owner !== undefined) return { owner, sample };
    }
    return undefined;
  }

  claim(type: MetricType, name: string, owner: Owner): void {
    for (const sample of sampleNamesOf(type, name)) this.owners.set(sample, owner);
  }
}
