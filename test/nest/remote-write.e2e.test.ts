import { Counter, Registry } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import { decodeV1Series } from '../support/remote-write-decode';
import { type FakeReceiver, startFakeReceiver } from '../support/remote-write-receiver';
import { closeAllApps, startApp } from './nest-app';

/** A 1.0 receiver: 204 without `*-Written` headers. */
const answerAsV1 = (_write: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(204);
  res.end();
};

describe('MetricsModule.forRoot({ remoteWrite })', () => {
  let receiver: FakeReceiver | undefined;
  afterEach(async () => {
    await closeAllApps();
    await receiver?.close();
  });

  it('pushes the served registry, with its stale markers when the app closes', async () => {
    receiver = await startFakeReceiver(answerAsV1);
    const registry = new Registry();
    new Counter({ name: 'orders_total', help: 'Orders.', registers: [registry] }).inc(3);
    const app = await startApp('express', {
      imports: [
        MetricsModule.forRoot({
          registry,
          defaultMetrics: false,
          httpMetrics: false,
          remoteWrite: {
            url: receiver.url,
            version: '1.0',
            intervalSeconds: 3600,
            job: 'shop',
            instance: 'a',
          },
        }),
      ],
    });
    await app.close();
    const requests = receiver.received.map((w) => decodeV1Series(w.body));
    const orders = requests.flat().filter((s) => s.labels.__name__ === 'orders_total');
    expect(orders.map((s) => [s.value, s.stale])).toEqual([
      [3, false],
      [Number.NaN, true],
    ]);
    expect(orders[0].labels).toEqual({ __name__: 'orders_total', job: 'shop', instance: 'a' });
  });

  it('checks remoteWrite as it checks every option, naming what is wrong', () => {
    expect(() =>
      MetricsModule.forRoot({ remoteWrite: { url: 'http://127.0.0.1:1/api/v1/write' } as never }),
    ).toThrow('MetricsModule.forRoot(): remoteWrite.intervalSeconds is required');
    expect(() =>
      MetricsModule.forRoot({
        remoteWrite: { url: 'http://127.0.0.1:1/w', intervalSeconds: 15, registry: new Registry() } as never,
      }),
    ).toThrow(/remoteWrite.registry is not taken here: the module sends the registry it serves/);
  });
});
