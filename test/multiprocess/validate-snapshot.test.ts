import { AggregatedCollector, Counter, Registry, SnapshotTaker, validateSnapshot } from 'promkit';

async function goodSnapshot() {
  const registry = new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs', labelNames: ['q'], registers: [registry] }).inc({ q: 'a' });
  const taker = new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]);
  return JSON.parse(JSON.stringify(await taker.take()));
}

describe('snapshots from other processes', () => {
  it('accepts what a snapshot taker produces, after a trip through JSON', async () => {
    expect(validateSnapshot(await goodSnapshot()).families[0].name).toBe('jobs');
  });

  it.each<[string, (s: any) => unknown, RegExp]>([
    ['not an object', () => 'hello', /expected an object/],
    ['another format', (s) => ({ ...s, format: 'v2' }), /unknown format/],
    ['a bad metric name', (s) => ((s.families[0].name = 'jobs total'), s), /bad metric name/],
    ['a bad label name', (s) => ((s.families[0].labelNames = ['q-x']), s), /bad label names/],
    ['too few label values', (s) => ((s.families[0].labelValues = []), s), /labelValues: expected 1 entries/],
    [
      'a value that is not a number',
      (s) => ((s.families[0].values = ['lots']), s),
      /values: expected numbers/,
    ],
    ['an unknown type', (s) => ((s.families[0].type = 'meter'), s), /unknown type/],
    ['a negative series count', (s) => ((s.families[0].series = -1), s), /series must be a whole number/],
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
