import type { Registry } from 'promkit';
import type { Sample } from '../../../lib/core';
import { describeWithTool, type ExternalTool } from '../../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../../support/promtool';
import {
  type ParsedFamily,
  parseOpenMetricsWithPython,
  parsePrometheusTextWithPython,
  pythonPrometheusClient,
} from '../../support/python-parser';
import { adversarialRegistry } from './adversarial';

/** A fixed seed keeps CI reproducible; FUZZ_SEED=<n> tries (or replays) another. */
const SEEDS = [process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_240_611];
const METRICS = 5000;

const bothTools: ExternalTool = {
  name: `${promtool.name} and ${pythonPrometheusClient.name}`,
  debianPackage: `${promtool.debianPackage} ${pythonPrometheusClient.debianPackage}`,
  available: () => promtool.available() && pythonPrometheusClient.available(),
};

/** `le` and `quantile` are numbers written differently by each format; compare them as numbers. */
function normalizedLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).map(([k, v]) => {
    if (k !== 'le' && k !== 'quantile') return [k, v];
    return [k, v === '+Inf' ? 'Infinity' : String(Number(v))];
  });
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function keyed(samples: Iterable<{ name: string; labels: Record<string, string>; value: number }>) {
  const out = new Map<string, number>();
  for (const s of samples) {
    const key = `${s.name} ${normalizedLabels(s.labels)}`;
    if (out.has(key)) throw new Error(`two samples ${key}`);
    out.set(key, s.value);
  }
  return out;
}

/**
 * What OpenMetrics may carry of the registry's samples: no negative quantile
 * values, no negative or NaN summary sums, no histogram _sum/_count when a
 * bound is negative (fuzz_latency_*) or the sum is negative or NaN.
 */
function openMetricsAllows(all: Sample[]): Sample[] {
  const sums = new Map<string, number>();
  for (const s of all)
    if (s.name.endsWith('_sum')) sums.set(`${s.name.slice(0, -4)} ${normalizedLabels(s.labels)}`, s.value);
  return all.filter((s) => {
    const summary = /^fuzz_duration_\d+_seconds/.test(s.name);
    const base = s.name.replace(/_(sum|count)$/, '');
    const sum = sums.get(`${base} ${normalizedLabels(s.labels)}`);
    if (summary) {
      if (s.name === base && 'quantile' in s.labels) return !(s.value < 0);
      return !(s.name.endsWith('_sum') && !(s.value >= 0));
    }
    if (/^fuzz_latency_/.test(s.name)) return !/_(sum|count)$/.test(s.name);
    if (/^fuzz_size_/.test(s.name) && /_(sum|count)$/.test(s.name)) return sum! >= 0;
    return true;
  });
}

function expectSameSamples(parsed: ParsedFamily[], expected: Sample[]): void {
  const got = keyed(parsed.flatMap((f) => f.samples));
  const want = keyed(expected);
  const missing = [...want.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !want.has(k));
  // 0 and -0 are one value (Python's OpenMetrics parser reads "-0" as the integer 0).
  const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  const wrong = [...want].filter(([k, v]) => got.has(k) && !same(got.get(k)!, v));
  expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), wrong: wrong.slice(0, 5) }).toEqual({
    missing: [],
    extra: [],
    wrong: [],
  });
  expect(got.size).toBe(want.size);
}

/** `trim`: Python's text parser drops trailing whitespace from HELP; the OpenMetrics one keeps it. */
function expectSameHelp(parsed: ParsedFamily[], registry: Registry, trim: boolean): void {
  const help = new Map(registry.getMetricsAsArray().map((m) => [m.name, m.help]));
  const shown = (h: string | undefined) => (trim ? h?.trimEnd() : h);
  for (const f of parsed) {
    const name = [f.name, f.name.replace(/_(info|total)$/, ''), `${f.name}_total`].find((n) => help.has(n));
    expect([f.name, shown(f.help)]).toEqual([f.name, shown(help.get(name!))]);
  }
}

describeWithTool(bothTools, `${METRICS} metrics with adversarial labels, help and values`, () => {
  describe.each(SEEDS)('seed %i', (seed) => {
    const { registry } = adversarialRegistry(seed, METRICS);

    it('text 0.0.4: promtool accepts it and every value round-trips', async () => {
      const text = await registry.metrics();
      const check = await promtoolCheckMetrics(text);
      expect(check.stdout + check.stderr).toBe('');
      expect(check.code).toBe(0);
      const parsed = await parsePrometheusTextWithPython(text);
      expectSameSamples(parsed, await registry.getSamples());
      expectSameHelp(parsed, registry, true);
    });

    it("OpenMetrics: Python's strict parser accepts it and every value it may carry round-trips", async () => {
      const text = await registry.metrics({ format: 'openmetrics', created: true });
      const parsed = await parseOpenMetricsWithPython(text);
      expectSameSamples(parsed, openMetricsAllows(await registry.getSamples({ created: true })));
      expectSameHelp(parsed, registry, false);
    });
  });
});
