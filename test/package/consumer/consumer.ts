/**
 * A program an application would write against the installed package. The
 * package test compiles it under each TypeScript module resolution (node10,
 * node16 as CommonJS and as ESM, bundler) and runs the output with Node.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Counter, Histogram, type LabelValues, Registry, register } from 'promkit';
import { GaugeMetricFamily, type MetricFamily, writeText } from 'promkit/exposition';
import { MULTIPROCESS_DIR_ENV } from 'promkit/multiprocess';
import { InjectMetric, MetricsModule, makeCounterProvider } from 'promkit/nest';

const registry = new Registry();
const jobs = new Counter({
  name: 'jobs_processed_total',
  help: 'Jobs processed',
  labelNames: ['queue'] as const,
  registers: [registry],
});
const labels: LabelValues<'queue'> = { queue: 'mail' };
jobs.inc(labels, 2);
new Histogram({ name: 'job_seconds', help: 'Job time', buckets: [1], registers: [registry] }).observe(0.5);

@Injectable()
class Jobs {
  constructor(@InjectMetric('consumer_events_total') readonly events: Counter<string>) {}
}

@Module({
  imports: [MetricsModule.forRoot({ controller: false, defaultMetrics: false, httpMetrics: false })],
  providers: [makeCounterProvider({ name: 'consumer_events_total', help: 'Events' }), Jobs],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  app.get(Jobs).events.inc();
  const depth: MetricFamily = new GaugeMetricFamily('consumer_queue_depth', 'Depth', { value: 3 });
  const sources = [
    await registry.metrics(),
    await register.metrics(),
    writeText([depth]),
    `${MULTIPROCESS_DIR_ENV}=set`,
  ];
  const lines = sources
    .flatMap((text) => text.split('\n'))
    .filter((line) => line !== '' && !line.startsWith('#'));
  await app.close();
  // One line per sample, for the test to compare.
  console.log(JSON.stringify(lines));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
