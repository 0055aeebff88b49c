import { Enum, Registry, StateSetMetricFamily } from 'promkit';
import { describeWithTool } from '../support/external-tool';
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
