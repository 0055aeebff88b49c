import { Controller, Get, Param } from '@nestjs/common';
import { Registry } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import { describeWithTool } from '../support/external-tool';
import { all, decodeFamilies, one, protocDecoder, scalar } from '../support/protoc';
import { closeAllApps, PLATFORMS, rawGet, startApp } from './nest-app';

@Controller('orders')
class OrdersController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }
}

const PROTOBUF_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,text/plain;version=0.0.4;q=0.5';

afterEach(closeAllApps);

describeWithTool(protocDecoder, 'MetricsModule with native HTTP duration histograms', () => {
  it.each(PLATFORMS)('serves them over protobuf on %s, classic buckets alongside', async (platform) => {
    const registry = new Registry();
    const { url } = await startApp(platform, {
      imports: [MetricsModule.forRoot({ registry, defaultMetrics: false, httpMetrics: { native: true } })],
      controllers: [OrdersController],
    });
    for (const id of [1, 2, 3]) await rawGet(`${url}/orders/${id}`);
    const answer = await rawGet(`${url}/metrics`, { Accept: PROTOBUF_ACCEPT });
    expect(answer.headers['content-type']).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
    const families = await decodeFamilies(answer.body);
    const duration = families.find((f) => scalar(f, 'name') === 'http_request_duration_seconds');
    expect(duration).toBeDefined();
    const histogram = one(one(duration!, 'metric'), 'histogram');
    expect(scalar(histogram, 'sample_count')).toBe('3');
    expect(scalar(histogram, 'schema')).toBe('3');
    expect(all(histogram, 'positive_span').length).toBeGreaterThan(0);
    expect(all(histogram, 'bucket').length).toBe(11);
  });
});
