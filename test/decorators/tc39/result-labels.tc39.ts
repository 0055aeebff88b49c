import { Counted, Registry } from 'promkit';

test('labelsFrom reads the settled value of a standard-decorated method', async () => {
  const registry = new Registry();
  class Shipments {
    @Counted({
      registry,
      name: 'tc39_shipments_total',
      labelNames: ['carrier'],
      labelsFrom: (_args: [number], _self: Shipments, carrier: string | undefined) => ({
        carrier: carrier ?? 'none',
      }),
    })
    async ship(weight: number): Promise<string> {
      if (weight > 100) throw new RangeError('too heavy');
      return weight > 10 ? 'freight' : 'post';
    }
  }
  const shipments = new Shipments();
  await shipments.ship(20);
  await expect(shipments.ship(200)).rejects.toThrow(RangeError);
  expect(
    await registry.getSampleValue('tc39_shipments_total', { carrier: 'freight', result: 'success' }),
  ).toBe(1);
  expect(await registry.getSampleValue('tc39_shipments_total', { carrier: 'none', result: 'failure' })).toBe(
    1,
  );
});
