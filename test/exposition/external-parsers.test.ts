import {
  formatCanonical,
  formatNumber,
  formatTextNumber,
  writeOpenMetrics,
  writeText,
} from '../../lib/exposition';
import type { Exemplar, LabelSet, MetricFamily } from '../../lib/model';
import { describeWithTool, runWithInput } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import {
  type ParsedFamily,
  parseOpenMetricsWithPython,
  parsePrometheusTextWithPython,
  pythonPrometheusClient,
} from '../support/python-parser';
import { labels, NASTY_VALUES, realisticFamilies } from './fixtures';

const DEFAULTS = labels({ service: 'api', method: 'overridden-by-counter-series' });

/** Default labels first, unless the series has its own label of that name. */
function merged(series: LabelSet, defaults: LabelSet | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (defaults !== undefined) {
    defaults.labelNames.forEach((name, i) => {
      if (!series.labelNames.includes(name)) out[name] = defaults.labelValues[i];
    });
  }
  series.labelNames.forEach((name, i) => {
    out[name] = series.labelValues[i];
  });
  return out;
}

interface Expected {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs: number | null;
  exemplar: { labels: Record<string, string>; value: number; timestampMs: number | null } | null;
}

/** Timestamps arrive as float seconds; compare them as whole milliseconds to avoid float noise. */
function normalize(families: ParsedFamily[]) {
  return families.map((f) => ({
    name: f.name,
    type: f.type,
    unit: f.unit,
    help: f.help,
    samples: f.samples.map((s) => ({
      name: s.name,
      labels: s.labels,
      value: s.value,
      timestampMs: s.timestamp === null ? null : Math.round(s.timestamp * 1000),
      exemplar:
        s.exemplar === null
          ? null
          : {
              labels: s.exemplar.labels,
              value: s.exemplar.value,
              timestampMs: s.exemplar.timestamp === null ? null : Math.round(s.exemplar.timestamp * 1000),
            },
    })),
  }));
}

/**
 * What prometheus_client should read back from our output, built from the
 * families as structured data (not text), so escaping and number formatting
 * are checked by the round trip. Python's conventions: counter families are
 * named without `_total`; text format has no `_created`, exemplars or units,
 * and writes info/stateset as gauges; both write `_sum` before `_count`.
 */
function expectedFamilies(families: MetricFamily[], format: 'text' | 'openmetrics', defaults?: LabelSet) {
  const om = format === 'openmetrics';
  const bound = (v: number) => (om ? formatCanonical(v) : formatTextNumber(v));
  return families.map((f) => {
    const samples: Expected[] = [];
    const add = (
      name: string,
      l: Record<string, string>,
      value: number,
      ts?: number,
      exemplar?: Exemplar,
    ) => {
      samples.push({
        name,
        labels: l,
        value,
        timestampMs: ts ?? null,
        exemplar:
          om && exemplar
            ? {
                labels: { ...exemplar.labels },
                value: exemplar.value,
                timestampMs: exemplar.timestamp ?? null,
              }
            : null,
      });
    };
    const created = (l: Record<string, string>, ms: number | undefined, ts: number | undefined) => {
      if (om && ms !== undefined) add(f.name + '_created', l, ms / 1000, ts);
    };
    const sumAndCount = (l: Record<string, string>, sum: number, count: number, ts: number | undefined) => {
      add(f.name + '_sum', l, sum, ts);
      add(f.name + '_count', l, count, ts);
    };
    switch (f.type) {
      case 'counter':
        for (const p of f.points) {
          const l = merged(p, defaults);
          add(f.name + '_total', l, p.value, p.timestamp, p.exemplar);
          created(l, p.created, p.timestamp);
        }
        break;
      case 'gauge':
      case 'unknown':
        for (const p of f.points) add(f.name, merged(p, defaults), p.value, p.timestamp);
        break;
      case 'histogram':
        for (const p of f.points) {
          const l = merged(p, defaults);
          let cumulative = 0;
          for (let b = 0; b <= p.upperBounds.length; b++) {
            cumulative += p.bucketCounts[b];
            const le = b < p.upperBounds.length ? bound(p.upperBounds[b]) : '+Inf';
            add(f.name + '_bucket', { ...l, le }, cumulative, p.timestamp, p.exemplars?.[b]);
          }
          sumAndCount(l, p.sum, p.count, p.timestamp);
          created(l, p.created, p.timestamp);
        }
        break;
      case 'summary':
        for (const p of f.points) {
          const l = merged(p, defaults);
          for (const q of p.quantiles)
            add(f.name, { ...l, quantile: bound(q.quantile) }, q.value, p.timestamp);
          sumAndCount(l, p.sum, p.count, p.timestamp);
          created(l, p.created, p.timestamp);
        }
        break;
      case 'info':
        for (const p of f.points) add(f.name + '_info', merged(p, defaults), 1, p.timestamp);
        break;
      case 'stateset':
        for (const p of f.points) {
          for (let s = 0; s < p.states.length; s++) {
            const l = { ...merged(p, defaults), [f.name]: p.states[s] };
            add(f.name, l, p.enabled[s] ? 1 : 0, p.timestamp);
          }
        }
        break;
    }
    const base = {
      name: f.name,
      type: f.type as string,
      unit: om ? (f.unit ?? '') : '',
      help: f.help,
      samples,
    };
    if (f.type === 'info' || f.type === 'stateset') base.unit = '';
    if (!om && f.type === 'info') return { ...base, name: f.name + '_info', type: 'gauge' };
    if (!om && f.type === 'stateset') return { ...base, type: 'gauge' };
    return base;
  });
}

describeWithTool(promtool, 'promtool check metrics on text format output', () => {
  it('accepts every family type with nasty label values, with no lint findings', async () => {
    const text = writeText(realisticFamilies(), { defaultLabels: DEFAULTS });
    const result = await promtoolCheckMetrics(text);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports broken input (the helper does surface failures)', async () => {
    const result = await promtoolCheckMetrics('# TYPE x gauge\nx{a="unterminated} 1\n');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).not.toBe('');
  });
});

describeWithTool(pythonPrometheusClient, 'prometheus_client parsers', () => {
  it('OpenMetrics parser reads back exactly what we wrote', async () => {
    const families = realisticFamilies();
    const parsed = await parseOpenMetricsWithPython(writeOpenMetrics(families, { created: true }));
    expect(normalize(parsed)).toEqual(expectedFamilies(families, 'openmetrics'));
  });

  it('OpenMetrics parser reads back default labels', async () => {
    const families = realisticFamilies();
    const parsed = await parseOpenMetricsWithPython(
      writeOpenMetrics(families, { defaultLabels: DEFAULTS, created: true }),
    );
    expect(normalize(parsed)).toEqual(expectedFamilies(families, 'openmetrics', DEFAULTS));
    // Spot checks that do not depend on the expectation builder above.
    const counter = parsed.find((f) => f.name === 'http_requests')!;
    expect(counter.type).toBe('counter');
    expect(counter.samples.map((s) => s.labels.path)).toEqual(
      expect.arrayContaining([
        NASTY_VALUES.quote,
        NASTY_VALUES.mixed,
        NASTY_VALUES.unicode,
        NASTY_VALUES.braces,
      ]),
    );
    expect(counter.samples[0].labels).toEqual({ service: 'api', method: 'GET', path: 'say "hi"' });
    expect(counter.samples[0].exemplar).toEqual({
      labels: { trace_id: 'abc123' },
      value: 1,
      timestamp: 1700000001.5,
    });
    const histogram = parsed.find((f) => f.name === 'request_duration_seconds')!;
    expect(histogram.unit).toBe('seconds');
    expect(histogram.samples[2].exemplar?.labels).toEqual({ trace_id: 'mid', span_id: 'ü🎉' });
  });

  it('OpenMetrics parser rejects output without # EOF (the helper does surface failures)', async () => {
    await expect(parseOpenMetricsWithPython('# TYPE x gauge\n# HELP x x\nx 1\n')).rejects.toThrow(/EOF/);
  });

  it('text parser reads back exactly what we wrote', async () => {
    const families = realisticFamilies();
    const parsed = await parsePrometheusTextWithPython(writeText(families, { defaultLabels: DEFAULTS }));
    expect(normalize(parsed)).toEqual(expectedFamilies(families, 'text', DEFAULTS));
    expect(parsed.find((f) => f.name === 'http_requests')?.help).toBe(families[0].help);
  });

  it('formatNumber agrees with Python repr wherever both use exponent form (exp < -4 or >= 16)', async () => {
    const values: number[] = [];
    for (let e = -320; e <= 308; e++) {
      for (const m of [1, 1.5, 2.2250738585072014, 9.999999999999998, 7.123456789012345]) {
        const v = m * 10 ** e;
        const exponent = Number(v.toExponential().split('e')[1]);
        if (Number.isFinite(v) && v !== 0 && (exponent < -4 || exponent >= 16)) values.push(v, -v);
      }
    }
    const script = 'import sys\nfor line in sys.stdin: print(repr(float(line)))';
    const result = await runWithInput(
      '/usr/bin/python3',
      ['-c', script],
      values.map((v) => String(v)).join('\n'),
    );
    expect(result.code).toBe(0);
    expect(values.map(formatNumber)).toEqual(result.stdout.trim().split('\n'));
  });
});
