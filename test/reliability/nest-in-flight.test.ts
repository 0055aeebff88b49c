import { MetricsModule } from 'promkit/nest';
import { closeAllApps, PLATFORMS, rawGet, startApp } from '../nest/nest-app';
import { heldRegistry, scrapes, statuses } from './held-registry';

describe.each(PLATFORMS)('the Nest metrics endpoint on %s', (platform) => {
  afterEach(closeAllApps);

  it('answers 503 past maxInFlight', async () => {
    const { registry, release } = heldRegistry();
    const app = await startApp(platform, {
      imports: [
        MetricsModule.forRoot({ registry, defaultMetrics: false, httpMetrics: false, maxInFlight: 2 }),
      ],
    });
    const answers = await scrapes(5, 3, release, (i) =>
      rawGet(`${app.url}/metrics?name[]=backlog&name[]=x${i}`),
    );
    expect(statuses(answers)).toEqual({ 200: 2, 503: 3 });
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.body.toString()).toBe('Too many concurrent scrapes (limit 2); try again later\n');
    expect((await rawGet(`${app.url}/metrics`)).status).toBe(200);
  });
});
