// The core of promkit on a runtime other than Node: metrics of every type
// with labels, decorators and the registry's output, checked against the
// exposition text they must produce. Plain JavaScript, so Bun and Deno run
// it as it is; the decorators are applied as TypeScript's legacy decorators
// compile to.
import {
  Counted,
  Counter,
  Gauge,
  Histogram,
  Registry,
  register,
  Summary,
  Timed,
  TrackInProgress,
} from 'promkit';

function decorate(cls, method, ...decorators) {
  let descriptor = Object.getOwnPropertyDescriptor(cls.prototype, method);
  for (const decorator of decorators.reverse()) {
    descriptor = decorator(cls.prototype, method, descriptor) ?? descriptor;
  }
  Object.defineProperty(cls.prototype, method, descriptor);
}

class Mailer {
  async send(to) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (to === 'nobody') throw new Error('bounced');
    return 'sent';
  }
}
decorate(
  Mailer,
  'send',
  Counted({ name: 'runtime_mail_sends_total', help: 'Mails sent.' }),
  Timed({ name: 'runtime_mail_send_seconds', help: 'Time to send a mail.', buckets: [0.5, 5] }),
  TrackInProgress({ name: 'runtime_mail_sends_in_progress', help: 'Mails being sent.' }),
);

/** Records known values, and returns what the registries wrote that they should not have. */
export async function checkCoreMetrics() {
  const registry = new Registry();
  const jobs = new Counter({
    name: 'runtime_jobs_total',
    help: 'Jobs.',
    labelNames: ['queue'],
    registers: [registry],
  });
  jobs.inc({ queue: 'mail' }, 2);
  jobs.labels('mail').inc();
  const depth = new Gauge({
    name: 'runtime_queue_depth',
    help: 'Depth.',
    labelNames: ['queue'],
    registers: [registry],
  });
  depth.set({ queue: 'mail' }, 7);
  depth.dec({ queue: 'mail' }, 2);
  const duration = new Histogram({
    name: 'runtime_job_seconds',
    help: 'Job time.',
    labelNames: ['queue'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  duration.observe({ queue: 'mail' }, 0.05);
  duration.labels('mail').observe(0.5);
  const sizes = new Summary({
    name: 'runtime_job_bytes',
    help: 'Job size.',
    labelNames: ['queue'],
    percentiles: [0.5],
    registers: [registry],
  });
  for (const bytes of [1, 2, 3, 4, 5]) sizes.observe({ queue: 'mail' }, bytes);

  const mailer = new Mailer();
  await mailer.send('ada');
  await mailer.send('grace');
  await mailer.send('nobody').catch(() => undefined);

  const text = (await registry.metrics()) + (await register.metrics());
  const openMetrics = await registry.metrics({ format: 'openmetrics' });
  const expected = [
    /^runtime_jobs_total\{queue="mail"\} 3$/m,
    /^runtime_queue_depth\{queue="mail"\} 5$/m,
    /^runtime_job_seconds_bucket\{le="0.1",queue="mail"\} 1$/m,
    /^runtime_job_seconds_bucket\{le="1",queue="mail"\} 2$/m,
    /^runtime_job_seconds_bucket\{le="\+Inf",queue="mail"\} 2$/m,
    /^runtime_job_seconds_sum\{queue="mail"\} 0.55$/m,
    // The summary's sketch keeps quantiles to within 1%.
    /^runtime_job_bytes\{quantile="0.5",queue="mail"\} (2\.9[7-9]|3|3\.0[0-3])\d*$/m,
    /^runtime_job_bytes_sum\{queue="mail"\} 15$/m,
    /^runtime_job_bytes_count\{queue="mail"\} 5$/m,
    /^runtime_mail_sends_total\{result="success"\} 2$/m,
    /^runtime_mail_sends_total\{result="failure"\} 1$/m,
    /^runtime_mail_send_seconds_count 3$/m,
    /^runtime_mail_sends_in_progress(\{[^}]*\})? 0$/m,
  ];
  const problems = expected.filter((line) => !line.test(text)).map((line) => `missing ${line}`);
  if (!openMetrics.endsWith('# EOF\n')) problems.push('OpenMetrics output does not end with # EOF');
  if (!/^runtime_jobs_total\{queue="mail"\} 3$/m.test(openMetrics))
    problems.push('OpenMetrics lacks the counter');
  return { problems, text };
}
