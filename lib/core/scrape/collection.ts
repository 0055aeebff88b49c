import type { MetricFamily } from '../../model';
import type { Collector } from '../collector';
import type { CollectFailures } from './collect-failures';

/** A collector as a registry holds it: with the name its failures are reported under. */
export interface CollectSource {
  readonly collector: Collector;
  readonly label: string;
}

type Collected = MetricFamily[] | undefined;

/**
 * Runs one collector. A failure (a throw or a rejection) is reported and
 * leaves the collector out; synchronous collectors are not awaited, so a plain
 * scrape of metrics does not wait on the event loop.
 */
export function collectOne(source: CollectSource, failures: CollectFailures): Collected | Promise<Collected> {
  try {
    const out = source.collector.collect();
    if (out && typeof (out as Promise<MetricFamily[]>).then === 'function') {
      return Promise.resolve(out as PromiseLike<MetricFamily[]>).then(
        (families) => families,
        (error) => {
          failures.report(source.label, error);
          return undefined;
        },
      );
    }
    return out as MetricFamily[];
  } catch (error) {
    failures.report(source.label, error);
    return undefined;
  }
}

/** Runs every collector at once; their families come back in the sources' order. */
export async function collectAll(
  sources: readonly CollectSource[],
  failures: CollectFailures,
): Promise<MetricFamily[]> {
  const results: Collected[] = new Array(sources.length);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < sources.length; i++) {
    const out = collectOne(sources[i], failures);
    if (out instanceof Promise) {
      pending.push(
        out.then((families) => {
          results[i] = families;
        }),
      );
    } else {
      results[i] = out;
    }
  }
  if (pending.length) await Promise.all(pending);
  const families: MetricFamily[] = [];
  for (const r of results) if (r) for (const f of r) families.push(f);
  return families;
}
