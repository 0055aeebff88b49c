import { Counter, Enum, Histogram, Info, Registry } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';

/**
 * A lone surrogate has no UTF-8 form: every writer sends U+FFFD instead, so
 * two strings that differ only there reach Prometheus as one. Each place a
 * string reaches the exposition refuses it, naming the metric and the field,
 * and leaves the registry as it was.
 */
const HIGH = 'a\uD800';
const LOW = 'a\uDC00';

describe('a lone surrogate', () => {
  it('in an Enum state is refused when the Enum is built, naming the state', () => {
    const registry = new Registry();
    expect(
      () => new Enum({ name: 'job_state', help: 'State.', states: [HIGH, LOW], registers: [registry] }),
    ).toThrow(/^Enum "job_state": state "a\\ud800" has a lone UTF-16 surrogate \(U\+D800\) at index 1/);
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it('in an exemplar label is refused, and the counter is not incremented', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      enableExemplars: true,
      registers: [registry],
    });
    expect(() => counter.inc({ value: 1, exemplarLabels: { trace_id: HIGH } })).toThrow(
      'Metric "jobs_total": exemplar label "trace_id" has a lone UTF-16 surrogate (U+D800) at index 1',
    );
    const histogram = new Histogram({
      name: 'took_seconds',
      help: 'Took.',
      enableExemplars: true,
      registers: [registry],
    });
    expect(() => histogram.observe({ value: 1, exemplarLabels: { trace_id: LOW } })).toThrow(
      /^Metric "took_seconds": exemplar label "trace_id" has a lone UTF-16 surrogate \(U\+DC00\)/,
    );
    expect(await registry.getSingleMetricAsString('jobs_total')).toContain('jobs_total 0');
  });

  it('in a default label is refused, and the previous default labels stay', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'api' });
    expect(() => registry.setDefaultLabels({ service: HIGH })).toThrow(
      'setDefaultLabels: label "service" has a lone UTF-16 surrogate (U+D800) at index 1',
    );
    expect(registry.defaultLabels).toEqual({ service: 'api' });
  });

  it('in target info is refused, and the previous target info stays', async () => {
    const registry = new Registry();
    registry.setTargetInfo({ service: 'api' });
    expect(() => registry.setTargetInfo({ service: LOW })).toThrow(
      'Metric "target_info": label "service" has a lone UTF-16 surrogate (U+DC00) at index 1',
    );
    expect(await registry.metrics({ format: 'openmetrics' })).toContain('target_info{service="api"} 1');
  });

  it('in help text is refused for metrics and for collector family builders', () => {
    const registry = new Registry();
    expect(() => new Counter({ name: 'jobs_total', help: `Jobs ${HIGH}`, registers: [registry] })).toThrow(
      'Metric "jobs_total": help has a lone UTF-16 surrogate (U+D800) at index 6',
    );
    expect(() => new Info({ name: 'build', help: LOW, registers: [registry] })).toThrow(
      /^Metric "build": help has a lone UTF-16 surrogate/,
    );
    expect(() => new GaugeMetricFamily('queue_depth', `Depth ${LOW}`)).toThrow(
      'GaugeMetricFamily "queue_depth": help has a lone UTF-16 surrogate (U+DC00) at index 7',
    );
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it('is still refused in label and info values, as before', () => {
    const registry = new Registry();
    const info = new Info({ name: 'build', help: 'Build.', registers: [registry] });
    expect(() => info.info({ version: HIGH })).toThrow(
      /^Metric "build": label "version" has a lone UTF-16 surrogate/,
    );
  });

  it('paired correctly (an emoji) is accepted everywhere', async () => {
    const registry = new Registry();
    const emoji = '\u{1F600}';
    registry.setDefaultLabels({ who: emoji });
    registry.setTargetInfo({ mood: emoji });
    new Enum({ name: 'mood', help: `Mood ${emoji}`, states: [emoji, 'b'], registers: [registry] });
    const counter = new Counter({
      name: 'smiles_total',
      help: 'Smiles.',
      enableExemplars: true,
      registers: [registry],
    });
    counter.inc({ value: 1, exemplarLabels: { face: emoji } });
    const text = await registry.metrics({ format: 'openmetrics' });
    expect(text).toContain(`mood{who="${emoji}",mood="${emoji}"} 1`);
    expect(text).toContain(`# {face="${emoji}"} 1`);
  });

  it.each([
    [
      'help',
      { name: 'g', help: HIGH, type: 'gauge', points: [] },
      'help has a lone UTF-16 surrogate (U+D800) at index 1',
    ],
    [
      'a label value',
      { name: 'g', help: 'G.', type: 'gauge', points: [{ labelNames: ['a'], labelValues: [LOW], value: 1 }] },
      'point #0: label "a" has a lone UTF-16 surrogate (U+DC00) at index 1',
    ],
    [
      'a state',
      {
        name: 's',
        help: 'S.',
        type: 'stateset',
        points: [{ labelNames: [], labelValues: [], states: [HIGH, LOW], enabled: [true, false] }],
      },
      'point #0: state "a\\ud800" has a lone UTF-16 surrogate (U+D800) at index 1',
    ],
    [
      'an exemplar label',
      {
        name: 'c',
        help: 'C.',
        type: 'counter',
        points: [
          { labelNames: [], labelValues: [], value: 1, exemplar: { labels: { trace_id: HIGH }, value: 1 } },
        ],
      },
      'point #0: exemplar label "trace_id" has a lone UTF-16 surrogate (U+D800) at index 1',
    ],
  ])(
    'in %s of a custom collector leaves its families out, reported and counted',
    async (_field, family, problem) => {
      const reported: string[] = [];
      const registry = new Registry(undefined, { onCollectError: (error) => reported.push(String(error)) });
      new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc();
      registry.registerCollector({ collect: () => [family] } as never);
      const text = await registry.metrics();
      expect(text).toContain('jobs_total 1');
      expect(text).not.toContain(`# HELP ${family.name} `);
      expect(text).toMatch(/promkit_collector_errors_total\{collector="[^"]*"\} 1/);
      expect(reported.join('\n')).toContain(problem);
    },
  );
});
