import { Counter, type MetricPolicy, Registry } from 'promkit';

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

const STATUS_CLASSES: MetricPolicy = {
  labels: [{ metric: 'http_*', label: 'status_code', replace: ['^(\\d)\\d\\d$', '$1xx'] }],
};

/** Counts the regular expression replacements the policy's `replace` rules make. */
function countReplacements(): { calls(): number; restore(): void } {
  const spy = jest.spyOn(RegExp.prototype, Symbol.replace as any);
  return { calls: () => spy.mock.calls.length, restore: () => spy.mockRestore() };
}

describe('metric policy: label values it rewrote keep the fast path', () => {
  it('a call with a raw value seen before finds its series without running the rules again', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: STATUS_CLASSES });
    const c = new Counter({
      name: 'http_responses_total',
      help: 'R',
      labelNames: ['method', 'status_code'],
      registers: [registry],
    });
    c.inc({ method: 'GET', status_code: '200' });
    c.inc({ method: 'GET', status_code: 204 });
    const replacements = countReplacements();
    try {
      c.inc({ method: 'GET', status_code: '200' });
      c.inc({ method: 'GET', status_code: 200 });
      c.inc({ status_code: '204', method: 'GET' });
      c.labels('GET', '200').inc();
      c.labels('GET', 204).inc();
      expect(replacements.calls()).toBe(0);
    } finally {
      replacements.restore();
    }
    expect(sampleLines(await registry.metrics())).toEqual([
      'http_responses_total{method="GET",status_code="2xx"} 7',
    ]);
  });

  it('remembers at most maxSeries raw label sets: past them, calls still count, through the rules', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: { labels: [{ metric: 'http_*', label: 'path', replace: ['^/users/\\d+$', '/users/:id'] }] },
    });
    const c = new Counter({
      name: 'http_hits_total',
      help: 'H',
      labelNames: ['path'],
      maxSeries: 3,
      registers: [registry],
    });
    for (let id = 0; id < 50; id++) c.inc({ path: `/users/${id}` });
    const replacements = countReplacements();
    try {
      c.inc({ path: '/users/0' });
      c.inc({ path: '/users/2' });
      expect(replacements.calls()).toBe(0);
      c.inc({ path: '/users/49' });
      expect(replacements.calls()).toBe(1);
    } finally {
      replacements.restore();
    }
    expect(sampleLines(await registry.metrics())).toEqual(['http_hits_total{path="/users/:id"} 53']);
  });

  it('after remove() or reset(), a raw value seen before makes its series again', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: STATUS_CLASSES });
    const c = new Counter({
      name: 'http_responses_total',
      help: 'R',
      labelNames: ['status_code'],
      registers: [registry],
    });
    c.inc({ status_code: '200' });
    c.remove({ status_code: '2xx' });
    c.inc({ status_code: '200' });
    expect(sampleLines(await registry.metrics())).toEqual(['http_responses_total{status_code="2xx"} 1']);
    c.reset();
    c.inc({ status_code: 200 });
    c.labels('201').inc();
    expect(sampleLines(await registry.metrics())).toEqual(['http_responses_total{status_code="2xx"} 2']);
  });

  it('after its series is dropped by its TTL, a raw value seen before makes it again, with its common labels', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
        policy: { ...STATUS_CLASSES, commonLabels: [{ metric: '*', labels: { env: 'prod' } }] },
      });
      const c = new Counter({
        name: 'http_responses_total',
        help: 'R',
        labelNames: ['status_code'],
        seriesTtlSeconds: 60,
        registers: [registry],
      });
      c.inc({ status_code: '200' });
      c.inc({ status_code: '404' });
      expect(sampleLines(await registry.metrics())).toHaveLength(2);
      jest.advanceTimersByTime(30_000);
      c.inc({ status_code: '404' });
      jest.advanceTimersByTime(31_000);
      expect(sampleLines(await registry.metrics())).toEqual([
        'http_responses_total{status_code="4xx",env="prod"} 2',
      ]);
      c.inc({ status_code: '200' });
      c.inc({ status_code: 200 });
      expect(sampleLines(await registry.metrics())).toEqual([
        'http_responses_total{status_code="4xx",env="prod"} 2',
        'http_responses_total{status_code="2xx",env="prod"} 2',
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});
