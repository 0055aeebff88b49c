import { Enum, Info, Registry } from 'promkit';

describe('Info and Enum', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('exposes info as <name>_info with value 1 in both formats', async () => {
    const info = new Info({ name: 'app_build', help: 'Build facts', registers: [registry] });
    info.info({ version: '1.2.3', commit: 'abc' });
    expect(await registry.metrics()).toBe(
      '# HELP app_build_info Build facts\n# TYPE app_build_info gauge\napp_build_info{version="1.2.3",commit="abc"} 1\n',
    );
    expect(await registry.metrics({ format: 'openmetrics' })).toBe(
      '# HELP app_build Build facts\n# TYPE app_build info\napp_build_info{version="1.2.3",commit="abc"} 1\n# EOF\n',
    );
  });

  it('shows new info pairs after a scrape has cached the old ones, and only declared labels after reset', async () => {
    const info = new Info({ name: 'app', help: 'A', labelNames: ['region'], registers: [registry] });
    info.info({ region: 'eu' }, { version: '1' });
    expect(await registry.metrics()).toContain('app_info{region="eu",version="1"} 1\n');
    info.info({ region: 'eu' }, { version: '2', commit: 'c' });
    expect(await registry.metrics()).toContain('app_info{region="eu",version="2",commit="c"} 1\n');
    info.reset();
    expect(await registry.metrics()).toBe('# HELP app_info A\n# TYPE app_info gauge\n');
    info.info({ region: 'us' }, { version: '3' });
    expect(await registry.getSamples()).toEqual([
      { name: 'app_info', labels: { region: 'us', version: '3' }, value: 1 },
    ]);
  });

  it('accepts a name that already ends in _info without doubling it', async () => {
    new Info({ name: 'version_info', help: 'V', registers: [registry] }).info({ v: '1' });
    expect(await registry.getSampleValue('version_info', { v: '1' })).toBe(1);
  });

  it('rejects info labels that clash with declared labels', () => {
    const info = new Info({ name: 'x', help: 'X', labelNames: ['region'], registers: [registry] });
    expect(() => info.info({ region: 'eu' }, { region: 'us' })).toThrow(
      /info label "region" overlaps a declared label name/,
    );
  });

  it('exposes an enum as a state set with exactly one state enabled', async () => {
    const state = new Enum({
      name: 'task_state',
      help: 'State',
      states: ['starting', 'running', 'stopped'],
      registers: [registry],
    });
    expect(await registry.getSampleValue('task_state', { task_state: 'starting' })).toBe(1);
    state.state('running');
    const om = await registry.metrics({ format: 'openmetrics' });
    expect(om).toContain('# TYPE task_state stateset\n');
    expect(om).toContain(
      'task_state{task_state="starting"} 0\ntask_state{task_state="running"} 1\ntask_state{task_state="stopped"} 0\n',
    );
    expect(() => state.state('paused' as never)).toThrow(
      'Enum "task_state": unknown state "paused" (declared states: starting, running, stopped)',
    );
    expect(await registry.getSampleValue('task_state', { task_state: 'running' })).toBe(1);
  });

  it('supports labelled enums', async () => {
    const e = new Enum({
      name: 'link',
      help: 'L',
      labelNames: ['peer'],
      states: ['up', 'down'],
      registers: [registry],
    });
    e.state({ peer: 'a' }, 'down');
    e.labels('b').state('up');
    expect(await registry.getSampleValue('link', { peer: 'a', link: 'down' })).toBe(1);
    expect(await registry.getSampleValue('link', { peer: 'b', link: 'up' })).toBe(1);
  });

  it('rejects empty or duplicate states', () => {
    expect(() => new Enum({ name: 'e', help: 'E', states: [], registers: [registry] })).toThrow(
      /states must be a non-empty array/,
    );
    expect(() => new Enum({ name: 'e', help: 'E', states: ['a', 'a'], registers: [registry] })).toThrow(
      /distinct/,
    );
  });
});
