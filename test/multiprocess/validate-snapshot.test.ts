import { Counter, Registry } from 'promkit';
import { AggregatedCollector, SnapshotTaker, validateSnapshot } from 'promkit/multiprocess';

async function goodSnapshot() {
  const registry = new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs', labelNames: ['q'], registers: [registry] }).inc({ q: 'a' });
  const taker = new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]);
  return JSON.parse(JSON.stringify(await taker.take()));
}

/** The snapshot with its first family changed. */
const withFamily =
  (patch: Record<string, unknown>) =>
  (s: any): unknown => ({ ...s, families: [{ ...s.families[0], ...patch }] });

describe('snapshots from other processes', () => {
  it('accepts what a snapshot taker produces, after a trip through JSON', async () => {
    expect(validateSnapshot(await goodSnapshot()).families[0].name).toBe('jobs');
  });

  it.each<[string, (s: any) => unknown, RegExp]>([
    ['not an object', () => 'hello', /expected an object/],
    ['another format', (s) => ({ ...s, format: 'v2' }), /unknown format/],
    ['a bad metric name', withFamily({ name: 'jobs total' }), /bad metric name/],
    ['a bad label name', withFamily({ labelNames: ['q-x'] }), /bad label names/],
    ['too few label values', withFamily({ labelValues: [] }), /labelValues: expected 1 entries/],
    ['a value that is not a number', withFamily({ values: ['lots'] }), /values: expected numbers/],
    ['an unknown type', withFamily({ type: 'meter' }), /unknown type/],
    ['a negative series count', withFamily({ series: -1 }), /series must be a whole number/],
  ])('refuses %s with a reason that says where', async (_what, spoil, reason) => {
    const spoiled = spoil(await goodSnapshot());
    expect(() => validateSnapshot(spoiled)).toThrow(reason);
  });

  it('never fails a scrape: a refused snapshot is left out and counted', async () => {
    const good = validateSnapshot(await goodSnapshot());
    const warnings: string[] = [];
    const view = new Registry(undefined, { strict: true });
    view.registerCollector(
      new AggregatedCollector(
        'cluster',
        async () => ({
          sources: [{ snapshot: good, live: true }],
          workers: { answered: 1, late: 0, silent: 0, exited: 0 },
          rejected: ['worker 2 sent an invalid snapshot: snapshot: expected an object'],
        }),
        (m) => warnings.push(m),
      ),
    );
    expect(await view.getSampleValue('jobs_total', { q: 'a' })).toBe(1);
    // Two scrapes so far, each refusing one snapshot; the warning is given once.
    expect(await view.getSampleValue('promkit_aggregation_errors_total', { reason: 'invalid' })).toBe(2);
    expect(warnings).toEqual([
      'aggregating metrics: worker 2 sent an invalid snapshot: snapshot: expected an object',
    ]);
  });
});
