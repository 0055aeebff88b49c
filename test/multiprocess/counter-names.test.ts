import { Counter, Registry } from 'promkit';
import { Processes } from './support/processes';

/**
 * Text 0.0.4 writes a counter under the name it was declared with, as
 * prom-client does (`test_counter` stays `test_counter`); the merged view of
 * several processes writes it the same way, as prom-client's
 * AggregatorRegistry does.
 */
describe('a counter in the merged view of several processes', () => {
  function declare(registry: Registry) {
    return {
      plain: new Counter({ name: 'test_counter', help: 'Example of a counter', registers: [registry] }),
      suffixed: new Counter({
        name: 'jobs_total',
        help: 'Jobs',
        labelNames: ['queue'],
        registers: [registry],
      }),
    };
  }

  it('keeps the name it was declared with in text 0.0.4, as in one process', async () => {
    const p = new Processes(2, declare);
    p.metrics.forEach((m, i) => {
      m.plain.inc(i + 1);
      m.suffixed.inc({ queue: 'mail' }, i + 1);
    });
    const single = new Registry();
    const one = declare(single);
    one.plain.inc(3);
    one.suffixed.inc({ queue: 'mail' }, 3);
    const merged = await (await p.view('cluster')).metrics();
    expect(merged).toContain('# TYPE test_counter counter\ntest_counter 3\n');
    expect(merged).toContain('# TYPE jobs_total counter\njobs_total{queue="mail"} 3\n');
    expect(merged).not.toContain('test_counter_total');
    const families = (text: string) =>
      text.split('\n').filter((l) => /^(# TYPE )?(test_counter|jobs)/.test(l));
    expect(families(merged)).toEqual(families(await single.metrics()));
  });

  it('is written with _total in OpenMetrics, as in one process', async () => {
    const p = new Processes(2, declare);
    for (const m of p.metrics) m.plain.inc();
    const merged = await (await p.view('cluster')).metrics({ format: 'openmetrics' });
    expect(merged).toContain('# TYPE test_counter counter\n');
    expect(merged).toContain('test_counter_total 2\n');
  });
});
