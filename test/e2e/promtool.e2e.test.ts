import { PROMETHEUS_CONTENT_TYPE } from 'promkit/exposition';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { useFixtureAppWithTraffic } from './use-fixture-app';

describeWithTool(promtool, 'promtool check metrics on what the app serves', () => {
  const app = useFixtureAppWithTraffic();

  it('parses the text exposition and finds nothing to lint', async () => {
    // No Accept header: what curl and older scrapers get.
    const { contentType, body } = await app().scrape();
    expect(contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(body).toContain('e2e_request_duration_seconds_bucket');
    const result = await promtoolCheckMetrics(body);
    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });

  it('reports a problem it is shown, so the clean result above means something', async () => {
    const { body } = await app().scrape();
    const broken = body.replace('# TYPE e2e_requests_total counter', '# TYPE e2e_requests_total gauge');
    const result = await promtoolCheckMetrics(broken);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('e2e_requests_total');
  });
});
