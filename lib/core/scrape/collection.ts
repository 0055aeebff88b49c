import {
  escapedKey,
  escapedSampleNames,
  type MetricFamily,
  REWRITING_SCHEMES,
  sampleNamesOf,
} from '../../model';
import type { Collector } from '../collector';
import { COLLECTOR_ERRORS_FAMILY, type CollectFailures } from './collect-failures';
import { problemWithFamilies } from './family-check';
import { RunningCollect, startCollect, waitForCalls } from './running-collect';

/** A collector as a registry holds it: with the name its failures are reported under. */
export interface CollectSource {
  readonly collector: Collector;
  readonly label: string;
  /** A promkit metric: valid by construction, so its families are not checked. */
  readonly trusted?: boolean;
}

/** What went wrong with a collector that neither threw nor rejected: junk output, a clash, or no answer in time. */
export class CollectorError extends Error {
  override name = 'CollectorError';
}

/** Default time a scrape waits for asynchronous collectors: a few seconds under Prometheus' 10 s scrape timeout. */
export const DEFAULT_COLLECT_TIMEOUT_MS = 7000;

export interface CollectRequest {
  readonly sources: readonly CollectSource[];
  readonly failures: CollectFailures;
  /** Milliseconds to wait for asynchronous collectors; later ones are left out and reported. */
  readonly timeoutMs: number;
  /** Families the registry adds itself, first; their names are taken before any collector's. */
  readonly leading?: readonly MetricFamily[];
  /**
   * A policy's say on a family a source collected: the family to keep (as
   * collected, or changed), or undefined to leave it out; all kept as they are when absent.
   */
  readonly govern?: (family: MetricFamily, source: CollectSource) => MetricFamily | undefined;
}

/** The collector error counter's name, which no collector may take. */
const ERROR_FAMILY: Pick<MetricFamily, 'name' | 'type'> = {
  name: COLLECTOR_ERRORS_FAMILY,
  type: 'counter',
};

/**
 * Runs every collector at once and returns the scrape's families: the leading
 * ones, each collector's in registration order, and the error counter once a
 * collector has failed. A collector that throws, rejects, returns junk, clashes
 * with a name already in the scrape or does not answer within the deadline is
 * left out alone, and reported.
 */
export async function collectFamilies(request: CollectRequest): Promise<MetricFamily[]> {
  const { sources, failures } = request;
  const outputs = await collectOutputs(sources, failures, request.timeoutMs);
  const claims = sources.some((s) => !s.trusted) ? new NameClaims() : undefined;
  if (claims) {
    for (const f of request.leading ?? []) claims.claim(f);
    claims.claim(ERROR_FAMILY);
    for (let i = 0; i < sources.length; i++) {
      if (sources[i].trusted)
        for (const f of (outputs[i] as MetricFamily[] | undefined) ?? []) claims.claim(f);
    }
  }
  const families: MetricFamily[] = request.leading ? [...request.leading] : [];
  for (let i = 0; i < sources.length; i++) {
    const out = sources[i].trusted
      ? (outputs[i] as MetricFamily[] | undefined)
      : outputs[i] === undefined
        ? undefined
        : checked(outputs[i], sources[i], failures, claims!);
    const govern = request.govern;
    if (out === undefined) continue;
    for (const f of out) {
      const kept = govern === undefined ? f : govern(f, sources[i]);
      if (kept !== undefined) families.push(kept);
    }
  }
  const errors = failures.family();
  if (errors) families.push(errors);
  return families;
}

/** One collector's families, checked and with the deadline applied; undefined when it failed (reported). */
export async function collectOne(
  source: CollectSource,
  failures: CollectFailures,
  timeoutMs: number,
): Promise<readonly MetricFamily[] | undefined> {
  const [out] = await collectOutputs([source], failures, timeoutMs);
  if (out === undefined || source.trusted) return out as MetricFamily[] | undefined;
  return checked(out, source, failures, new NameClaims());
}

/** Every collector's raw output, by position; undefined where it failed or was late (both reported). */
async function collectOutputs(
  sources: readonly CollectSource[],
  failures: CollectFailures,
  timeoutMs: number,
): Promise<unknown[]> {
  const outputs: unknown[] = new Array(sources.length);
  const calls: RunningCollect[] = [];
  for (let i = 0; i < sources.length; i++) {
    try {
      outputs[i] = startCollect(sources[i].collector);
    } catch (error) {
      failures.report(sources[i].label, error);
      outputs[i] = undefined;
      continue;
    }
    if (outputs[i] instanceof RunningCollect) calls.push(outputs[i] as RunningCollect);
  }
  if (calls.length === 0) return outputs;
  await waitForCalls(calls, timeoutMs);
  for (let i = 0; i < sources.length; i++) {
    const call = outputs[i];
    if (!(call instanceof RunningCollect)) continue;
    outputs[i] = undefined;
    if (!call.settled) {
      failures.report(
        sources[i].label,
        new CollectorError(
          `collector "${sources[i].label}" did not finish within ${timeoutMs} ms; left out of this scrape`,
        ),
      );
    } else if (call.failed) {
      failures.report(sources[i].label, call.value);
    } else {
      outputs[i] = call.value;
    }
  }
  return outputs;
}

function checked(
  out: unknown,
  source: CollectSource,
  failures: CollectFailures,
  claims: NameClaims,
): readonly MetricFamily[] | undefined {
  let problem = problemWithFamilies(out);
  const families = (out ?? []) as readonly MetricFamily[];
  if (problem === undefined) problem = claims.clashIn(families);
  if (problem === undefined) {
    for (const f of families) claims.claim(f);
    return families;
  }
  failures.report(
    source.label,
    new CollectorError(`collector "${source.label}": ${problem}; its metrics are left out`),
  );
  return undefined;
}

/** The sample names taken in one scrape: two families exposing the same name would be an invalid exposition. */
class NameClaims {
  private readonly owners = new Map<string, string>();
  /** UTF-8 families by the names escaping schemes write them under (`escapedKey`). */
  private readonly escapedOwners = new Map<string, string>();

  claim(family: Pick<MetricFamily, 'name' | 'type'>): void {
    for (const n of sampleNamesOf(family.type, family.name)) this.owners.set(n, family.name);
    for (const e of escapedSampleNames(family.type, family.name)) {
      this.escapedOwners.set(escapedKey(e.scheme, e.written), family.name);
    }
  }

  /** The first clash of these families with names already taken, or with each other. */
  clashIn(families: readonly MetricFamily[]): string | undefined {
    const own = new NameClaims();
    for (const f of families) {
      const problem = this.clashOf(f) ?? own.clashOf(f);
      if (problem !== undefined) return problem;
      own.claim(f);
    }
    return undefined;
  }

  private clashOf(f: MetricFamily): string | undefined {
    for (const n of sampleNamesOf(f.type, f.name)) {
      const owner = this.owners.get(n);
      if (owner !== undefined) return `family "${f.name}" clashes with "${owner}" (both expose "${n}")`;
    }
    const escaped = escapedSampleNames(f.type, f.name);
    // Scrapes of legacy names only (nearly all) look up nothing more.
    if (escaped.length === 0 && this.escapedOwners.size === 0) return undefined;
    for (const e of escaped) {
      const owner = this.escapedOwners.get(escapedKey(e.scheme, e.written)) ?? this.owners.get(e.written);
      if (owner !== undefined) return escapedClash(f.name, owner, e.scheme, e.written);
    }
    if (escaped.length > 0) return undefined;
    for (const n of sampleNamesOf(f.type, f.name)) {
      for (const scheme of REWRITING_SCHEMES) {
        const owner = this.escapedOwners.get(escapedKey(scheme, n));
        if (owner !== undefined) return escapedClash(f.name, owner, scheme, n);
      }
    }
    return undefined;
  }
}

function escapedClash(name: string, owner: string, scheme: string, written: string): string {
  return `family "${name}" clashes with "${owner}" (the ${scheme} escaping scheme writes both as "${written}")`;
}
