import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Gauge, Registry } from 'promkit';
import { MetricsBinder, type MetricsBinding, MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, sampleValue, startApp } from './nest-app';

afterEach(closeAllApps);

const stopped: string[] = [];

@MetricsBinder()
@Injectable()
class QueueMetrics implements MetricsBinding {
  bindTo(registry: Registry): () => void {
    new Gauge({
      name: 'nest_binder_queue_depth',
      help: 'Jobs waiting',
      registers: [registry],
      collect() {
        this.set(7);
      },
    });
    return () => stopped.push('QueueMetrics');
  }
}

/** Has a bindTo but no @MetricsBinder(): left alone. */
@Injectable()
class UnmarkedBinder {
  bindTo(registry: Registry): void {
    new Gauge({ name: 'nest_binder_unmarked', help: 'U', registers: [registry] });
  }
}

function module(registry: Registry, providers: any[]) {
  return {
    imports: [MetricsModule.forRoot({ registry, defaultMetrics: false, httpMetrics: false })],
    providers,
  };
}

describe('@MetricsBinder() providers', () => {
  it('bind their metrics to the module registry at start, and let them go when the app closes', async () => {
    const registry = new Registry();
    const app = await startApp('express', module(registry, [QueueMetrics, UnmarkedBinder]));
    const text = (await getText(`${app.url}/metrics`)).text;
    expect(sampleValue(text, 'nest_binder_queue_depth')).toBe(7);
    expect(text).not.toContain('nest_binder_unmarked');

    stopped.length = 0;
    await app.close();
    expect(stopped).toEqual(['QueueMetrics']);
    expect(registry.getSingleMetric('nest_binder_queue_depth')).toBeUndefined();

    // Created again on the same registry: bound again, with no "already registered" conflict.
    const again = await startApp('express', module(registry, [QueueMetrics]));
    expect(sampleValue((await getText(`${again.url}/metrics`)).text, 'nest_binder_queue_depth')).toBe(7);
  });

  it('without bindTo fail the start with an error naming the class', async () => {
    @MetricsBinder()
    @Injectable()
    class NoBindTo {}
    const moduleRef = await Test.createTestingModule(module(new Registry(), [NoBindTo])).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      '@MetricsBinder() provider NoBindTo has no bindTo(registry) method',
    );
    await app.close();
  });

  it('whose bindTo throws fail the start naming the class and the cause, leaving nothing registered', async () => {
    @MetricsBinder()
    @Injectable()
    class Broken implements MetricsBinding {
      bindTo(registry: Registry): void {
        new Gauge({ name: 'nest_binder_half_done', help: 'H', registers: [registry] });
        throw new Error('no connection pool');
      }
    }
    const registry = new Registry();
    const moduleRef = await Test.createTestingModule(module(registry, [Broken])).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      '@MetricsBinder() provider Broken: bindTo(registry) failed: no connection pool',
    );
    expect(registry.getSingleMetric('nest_binder_half_done')).toBeUndefined();
    await app.close();
  });
});
