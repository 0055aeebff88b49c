import { Counter, Registry } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import { decodeOtlpProtobuf } from '../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { startApp } from './nest-app';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(() => receiver.close());

function jobsValue(body: Buffer): number | undefined {
  const metrics = decodeOtlpProtobuf(body).resourceMetrics[0].scopeMetrics[0].metrics;
  return metrics.find((m: any) => m.name === 'jobs_total')?.sum.dataPoints[0].asDouble;
}

describe('MetricsModule.forRoot({ otlp })', () => {
  it('pushes the module registry while the app runs and sends the last counts when it closes', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', registers: [registry] });
    jobs.inc(2);
    const app = await startApp('express', {
      imports: [
        MetricsModule.forRoot({
          registry,
          defaultMetrics: false,
          httpMetrics: false,
          otlp: { url: receiver.url, intervalSeconds: 0.2 },
        }),
      ],
    });
    expect(jobsValue((await receiver.nextRequest(3000)).body)).toBe(2);
    jobs.inc(3);
    await app.close();
    expect(jobsValue(receiver.requests.at(-1)!.body)).toBe(5);
    const count = receiver.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.requests.length).toBe(count);
  });

  it('checks the otlp options when forRoot is called, naming the one at fault', () => {
    expect(() => MetricsModule.forRoot({ otlp: { url: receiver.url } } as any)).toThrow(
      'MetricsModule.forRoot(): otlp.intervalSeconds is required',
    );
    expect(() =>
      MetricsModule.forRoot({ otlp: { url: receiver.url, intervalSeconds: 1, encoding: 'xml' } } as any),
    ).toThrow("MetricsModule.forRoot(): otlp.encoding must be 'protobuf' or 'json', got 'xml'");
    expect(() =>
      MetricsModule.forRoot({
        otlp: { url: receiver.url, intervalSeconds: 1, registry: new Registry() },
      } as any),
    ).toThrow('unknown option "otlp.registry"');
  });
});
