import { type Collector, GaugeMetricFamily, Registry } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import { closeAllApps, PLATFORMS, rawGet, startApp } from '../nest/nest-app';

function slowRegistry(): Registry {
  const registry = new Registry();
  const collector: Collector = {
    collect: async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return [new GaugeMetricFamily('backlog', 'Backlog.', { value: 1 })];
    },
  };
  registry.registerCollector(collector);
  return registry;
}

describe.each(PLATFORMS)('the Nest metrics endpoint on %s', (platform) => {
  afterEach(closeAllApps);

  it('answers 503 past maxInFlight', async () => {
    const app = await startApp(platform, {
      imports: [
        MetricsModule.forRoot({
          registry: slowRegistry(),
          defaultMetrics: false,
          httpMetrics: false,
          maxInFlight: 2,
        }),
      ],
    });
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => rawGet(`${app.url}/metrics?name[]=backlog&name[]=x${i}`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 503, 503, 503]);
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.body.toString()).toBe('Too many concurrent scrapes (limit 2); try again later\n');
    expect((await rawGet(`${app.url}/metrics`)).status).toBe(200);
  });
});
