import { Counter, Enum, Gauge, Histogram, Info, Registry, Summary } from 'promkit';

/** A small seeded generator (mulberry32): the same seed builds the same registry. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces of label values that have broken expositions somewhere. */
const FRAGMENTS = [
  '"',
  '\\',
  '\n',
  '\\n',
  '\\"',
  '",x="1',
  '}',
  '{',
  ',',
  '=',
  ',=}',
  '} 1\n# EOF\n',
  '# HELP',
  ' ',
  '\t',
  '\r',
  'é',
  '日本語',
  '🎉',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u0000',
  '\u2028',
  '\uFEFF',
  'NaN',
  '+Inf',
  'le',
  'quantile',
];

export interface Fuzzed {
  readonly registry: Registry;
  /** How many metrics were made. */
  readonly metrics: number;
}

/**
 * A registry of `count` metrics of every type whose label values, help texts
 * and numbers are adversarial: quotes, backslashes, newlines, astral
 * characters, empty and very long values, the exposition's own syntax.
 */
export function adversarialRegistry(seed: number, count: number): Fuzzed {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (max: number) => Math.floor(random() * max);

  const labelValue = (): string => {
    const roll = random();
    if (roll < 0.08) return '';
    if (roll < 0.12) return pick(FRAGMENTS).repeat(200 + int(800));
    let out = '';
    for (let i = int(6); i >= 0; i--)
      out += random() < 0.6 ? pick(FRAGMENTS) : String.fromCharCode(32 + int(95));
    return out;
  };
  const number = (): number => {
    const roll = random();
    if (roll < 0.05) return Number.NaN;
    if (roll < 0.08) return Number.POSITIVE_INFINITY;
    if (roll < 0.11) return Number.NEGATIVE_INFINITY;
    if (roll < 0.14) return pick([Number.MIN_VALUE, Number.MAX_VALUE, -0, 1e-300, 2 ** 53 + 2, 0.1 + 0.2]);
    return (random() - 0.3) * 10 ** (int(30) - 12);
  };
  const amount = (): number => Math.abs(number()) || 1;
  const help = () => `Help ${labelValue()}`;
  const labelNames = (): string[] => {
    const names = ['a', 'path', 'le_', '_hidden', 'x'.repeat(100), 'user_agent', 'service'];
    const out: string[] = [];
    for (let i = int(4); i > 0; i--) {
      const name = pick(names);
      if (!out.includes(name)) out.push(name);
    }
    return out;
  };

  const registry = new Registry();
  // A default label whose value is adversarial too, and that some series override.
  registry.setDefaultLabels({ service: labelValue() });
  const registers = [registry];
  for (let i = 0; i < count; i++) {
    const names = labelNames();
    const series = () => Object.fromEntries(names.map((n) => [n, labelValue()]));
    const base = { help: help(), labelNames: names, registers };
    switch (i % 6) {
      case 0: {
        // Named with `_total`, so text 0.0.4 and the OpenMetrics-named samples agree.
        const c = new Counter({ ...base, name: `fuzz_events_${i}_total` });
        for (let s = 1 + int(3); s > 0; s--) {
          const value = amount();
          if (Number.isFinite(value)) c.inc(series(), value);
        }
        break;
      }
      case 1: {
        const g = new Gauge({ ...base, name: `fuzz_level_${i}` });
        for (let s = 1 + int(3); s > 0; s--) g.set(series(), number());
        break;
      }
      case 2: {
        const h = new Histogram({ ...base, name: `fuzz_latency_${i}_seconds`, buckets: [-1, 0.1, 1, 1e6] });
        for (let s = 1 + int(3); s > 0; s--) {
          const labels = series();
          for (let o = int(5); o >= 0; o--) {
            const value = number();
            if (!Number.isNaN(value)) h.observe(labels, value);
          }
        }
        break;
      }
      case 3: {
        const h = new Histogram({ ...base, name: `fuzz_size_${i}_bytes`, buckets: [1, 1024, 1e9] });
        for (let s = 1 + int(3); s > 0; s--) h.observe(series(), amount() === Infinity ? 5 : amount());
        break;
      }
      case 4: {
        const summary = new Summary({
          ...base,
          name: `fuzz_duration_${i}_seconds`,
          percentiles: [0.01, 0.5, 0.99],
        });
        for (let s = 1 + int(3); s > 0; s--) {
          const labels = series();
          for (let o = int(5); o >= 0; o--) {
            const value = number();
            if (Number.isFinite(value)) summary.observe(labels, value);
          }
        }
        break;
      }
      case 5: {
        if (random() < 0.5) {
          const states = [...new Set([labelValue(), labelValue(), 'ok'])];
          const e = new Enum({ ...base, name: `fuzz_state_${i}`, states });
          e.state(series(), pick(states));
        } else {
          new Info({ ...base, name: `fuzz_build_${i}`, labelNames: undefined }).info({
            version: labelValue(),
            commit: labelValue(),
          });
        }
        break;
      }
    }
  }
  return { registry, metrics: count };
}
