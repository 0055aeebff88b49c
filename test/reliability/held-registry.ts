import { type Collector, Registry } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';

/**
 * A registry whose collector does not answer until released, so that the
 * scrapes of a test overlap however slowly the machine runs them.
 */
export function heldRegistry(): { registry: Registry; release: () => void } {
  const registry = new Registry();
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const collector: Collector = {
    collect: async () => {
      await released;
      return [new GaugeMetricFamily('backlog', 'Backlog.', { value: 1 })];
    },
  };
  registry.registerCollector(collector);
  return { registry, release };
}

/**
 * `n` concurrent scrapes (each asking for different names, so that none can
 * share another's answer); the collector is released once `refusals` of them
 * have been answered, which only the cap can do while it is held.
 */
export async function scrapes<T extends { status: number }>(
  n: number,
  refusals: number,
  release: () => void,
  scrape: (i: number) => Promise<T>,
): Promise<T[]> {
  let answered = 0;
  if (refusals === 0) release();
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      scrape(i).then((answer) => {
        if (++answered === refusals) release();
        return answer;
      }),
    ),
  );
}

export function statuses(answers: { status: number }[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}
