import { Counter, Enum, GaugeMetricFamily, Histogram, Info, Registry } from 'promkit';

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
});
