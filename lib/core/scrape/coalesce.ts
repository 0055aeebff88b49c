/**
 * Shares one run of a piece of work among everyone who asks for the same key
 * while it runs: twenty concurrent scrapes of one registry in one format cost
 * one collection and one exposition, in time and in memory.
 */
export class Coalescer<V> {
  private readonly running = new Map<string, Promise<V>>();

  run(key: string, produce: () => Promise<V>): Promise<V> {
    const current = this.running.get(key);
    if (current !== undefined) return current;
    const started = produce();
    this.running.set(key, started);
    const forget = () => {
      if (this.running.get(key) === started) this.running.delete(key);
    };
    started.then(forget, forget);
    return started;
  }
}

/** A key for a family selection: the same names in any order select the same families. */
export function namesKey(names: Iterable<string> | undefined): string {
  return names === undefined ? '*' : `[${[...new Set(names)].sort().join('\u0000')}]`;
}
