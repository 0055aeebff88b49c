import { Enum, Registry } from 'promkit';
import { StateSetMetricFamily } from 'promkit/exposition';
import { describeWithTool } from '../support/external-tool';
import { all, decodeFamilies, protocDecoder, scalar } from '../support/protoc';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';

describe('a state set name', () => {
  it('with a colon is rejected when the Enum is built, and registers nothing', () => {
    const registry = new Registry();
    expect(
      () => new Enum({ name: 'job:state', help: 'State.', states: ['a', 'b'], registers: [registry] }),
    ).toThrow(
      'Enum "job:state": the name is also the label that carries the state, so it must be a valid label name',
    );
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it('reserved as a label name is rejected too', () => {
    expect(() => new Enum({ name: '__state', help: 'State.', states: ['a'], registers: [] })).toThrow(
      /Enum "__state": the name is also the label/,
    );
  });

  it('is checked by the collector family builder the same way', () => {
    expect(() => new StateSetMetricFamily('job:state', 'State.')).toThrow(
      'StateSetMetricFamily "job:state": the name is also the label that carries the state',
    );
  });
});

describeWithTool(pythonPrometheusClient, 'a valid Enum next to a rejected one', () => {
  it('leaves a scrape that strict parsers accept', async () => {
    const registry = new Registry();
    new Enum({ name: 'job_state', help: 'State.', states: ['idle', 'busy'], registers: [registry] });
    expect(() => new Enum({ name: 'a:b', help: 'x', states: ['x'], registers: [registry] })).toThrow();
    const families = await parseOpenMetricsWithPython(await registry.metrics({ format: 'openmetrics' }));
    expect(families.map((f) => f.name)).toEqual(['job_state']);
  });
});

describe('a default label named like a state set', () => {
  function registryWithClash(): Registry {
    const registry = new Registry();
    registry.setDefaultLabels({ job_state: 'from-defaults', service: 'api' });
    new Enum({ name: 'job_state', help: 'State.', states: ['idle', 'busy'], registers: [registry] });
    return registry;
  }

  it.each(['text', 'openmetrics'] as const)('gives way to the state label in %s', async (format) => {
    const text = await registryWithClash().metrics({ format });
    expect(text).toContain('job_state{service="api",job_state="idle"} 1\n');
    expect(text).toContain('job_state{service="api",job_state="busy"} 0\n');
    expect(text).not.toContain('from-defaults');
  });

  describeWithTool(protocDecoder, 'in protobuf', () => {
    it('gives way to the state label', async () => {
      const [family] = await decodeFamilies(
        (await registryWithClash().metrics({ format: 'protobuf' })) as Uint8Array,
      );
      for (const metric of all(family, 'metric')) {
        const names = all(metric, 'label').map((l) => scalar(l, 'name'));
        expect(names.sort()).toEqual(['job_state', 'service']);
      }
    });
  });
});
