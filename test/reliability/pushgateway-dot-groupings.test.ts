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
