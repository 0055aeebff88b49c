import { Gauge, Pushgateway, Registry } from 'promkit';
import { groupingPath } from '../../lib/export/pushgateway/grouping-path';
import { describeWithTool } from '../support/external-tool';
import { pushgatewayTool, type RunningPushgateway, startPushgateway } from '../support/pushgateway';

describe('Pushgateway grouping values that are dot segments', () => {
  it('are sent in the base64 form', () => {
    expect(groupingPath('j', { x: '.' })).toBe('/metrics/job/j/x@base64/Lg');
    expect(groupingPath('j', { x: '..' })).toBe('/metrics/job/j/x@base64/Li4');
    expect(groupingPath('..', {})).toBe('/metrics/job@base64/Li4');
    expect(groupingPath('j', { x: '...' })).toBe('/metrics/job/j/x/...');
  });
});

describeWithTool(pushgatewayTool, 'pushing groups named "." and ".." to a real Pushgateway', () => {
  let gateway: RunningPushgateway | undefined;
  beforeAll(async () => {
    gateway = await startPushgateway();
  }, 30_000);
  afterAll(() => gateway?.stop());

  function push(value: number, groupings?: Record<string, string>) {
    const registry = new Registry();
    new Gauge({ name: 'batch_value', help: 'v', registers: [registry] }).set(value);
    return new Pushgateway(gateway!.url, { timeout: 5000 }, registry).push({ jobName: 'dots', groupings });
  }

  it('keeps them as their own groups, next to the job group', async () => {
    await push(1);
    await push(2, { x: '..' });
    await push(3, { x: '.' });
    const text = await (await fetch(`${gateway!.url}/metrics`)).text();
    const lines = text.split('\n').filter((l) => l.startsWith('batch_value{'));
    expect(lines.sort()).toEqual([
      'batch_value{instance="",job="dots",x="."} 3',
      'batch_value{instance="",job="dots",x=".."} 2',
      'batch_value{instance="",job="dots"} 1',
    ]);
  });
});

describe('Pushgateway grouping keys with a lone surrogate', () => {
  const registry = new Registry();
  const gateway = new Pushgateway('http://127.0.0.1:9', { timeout: 1000 }, registry);

  it('are refused with an error naming the grouping key, before anything is sent', () => {
    expect(() => gateway.push({ jobName: 'batch', groupings: { instance: 'a\uD800' } })).toThrow(
      'Pushgateway grouping key "instance": the value has a lone UTF-16 surrogate (U+D800) at index 1; grouping keys and values must be well-formed Unicode',
    );
    expect(() => gateway.pushAdd({ jobName: 'batch\uDC00' })).toThrow(
      /^Pushgateway grouping key "job": the value has a lone UTF-16 surrogate \(U\+DC00\) at index 5/,
    );
    expect(() => gateway.delete({ jobName: 'batch', groupings: { 'a\uD800': 'x' } })).toThrow(
      /^Pushgateway grouping key "a\\ud800" has a lone UTF-16 surrogate/,
    );
  });
});
