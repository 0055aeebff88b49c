import { AggregatorRegistry, Counter, Registry, WorkerRegistry } from 'promkit';

/**
 * A registry listed twice to `setRegistries` would be collected twice into
 * each snapshot and merged twice: every counter doubled. It is refused with
 * an error naming the position; the registries set before stay.
 */
describe.each([
  ['AggregatorRegistry', AggregatorRegistry],
  ['WorkerRegistry', WorkerRegistry],
])('%s.setRegistries given a registry twice', (name, Kind) => {
  it('is refused, naming the registry listed again; the view counts each registry once', async () => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc(4);
    Kind.setRegistries([registry]);
    expect(() => Kind.setRegistries([new Registry(), registry, registry])).toThrow(
      `${name}.setRegistries: registries[2] is listed twice; its metrics would be counted twice`,
    );
    const view = new Kind().aggregated;
    expect(await view.getSampleValue('jobs_total')).toBe(4);
  });
});
