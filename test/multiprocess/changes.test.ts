import { Counter, Gauge, Histogram, Registry } from 'promkit';
import { mergeSnapshots, type ProcessSnapshot, SnapshotTaker, validateSnapshot } from 'promkit/multiprocess';
import { samplesOf } from '../../lib/core';
import { applyChanges } from '../../lib/multiprocess/delta/apply-changes';
import { random } from './support/random';

const wire = (s: ProcessSnapshot) => validateSnapshot(JSON.parse(JSON.stringify(s)));

/** Every sample of a snapshot's series, as the merged view would show them from this one process. */
function view(snapshot: ProcessSnapshot) {
  return mergeSnapshots([{ snapshot, live: true }], 'cluster')
    .families.flatMap((f) => samplesOf(f, { created: true }))
    .map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)
    .sort();
}

describe('snapshots that carry only what changed', () => {
  it('rebuild exactly what a whole snapshot says, through series added, changed, removed and reset', async () => {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'jobs_total',
      help: 'J',
      labelNames: ['q'],
      registers: [registry],
      enableExemplars: true,
    });
    const depth = new Gauge({ name: 'depth', help: 'D', labelNames: ['q'], registers: [registry] });
    const latency = new Histogram({
      name: 'lat',
      help: 'L',
      labelNames: ['q'],
      buckets: [1, 5],
      registers: [registry],
      native: true,
    });
    const plain = new Counter({ name: 'plain_total', help: 'P', registers: [registry] });
    const member = new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]);
    const whole = new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]);
    const r = random(11);
    let hub = wire(await member.takeChanges());
    let patches = 0;
    for (let round = 0; round < 60; round++) {
      // Every few rounds nothing happens: a change then holds no series at all.
      for (let k = 0; k < (round % 5 === 4 ? 0 : 20); k++) {
        const q = `q${Math.floor(r() * 12)}`;
        const x = r();
        if (x < 0.3) jobs.inc({ q }, Math.floor(r() * 3));
        else if (x < 0.35) jobs.inc({ labels: { q }, value: 1, exemplarLabels: { trace_id: `t${round}` } });
        else if (x < 0.55) depth.set({ q }, r() < 0.1 ? Number.NaN : Math.floor(r() * 10));
        else if (x < 0.8) latency.observe({ q }, r() * 8 - 1);
        else if (x < 0.83) jobs.remove({ q });
        else if (x < 0.84) latency.reset();
        else plain.inc();
      }
      const change = wire(await member.takeChanges());
      if (change.base !== undefined) {
        expect(change.base).toBe(hub.seq);
        hub = applyChanges(hub, change);
        if (change.families.some((f) => f.runs !== undefined)) patches++;
      } else {
        hub = change;
      }
      expect(view(hub)).toEqual(view(wire(await whole.take())));
    }
    expect(patches).toBeGreaterThan(30);
  });

  it('sends nothing but markers when nothing changed', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'c_total', help: 'C', labelNames: ['k'], registers: [registry] });
    for (let i = 0; i < 1000; i++) c.inc({ k: String(i) });
    const member = new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]);
    const first = JSON.stringify(await member.takeChanges());
    const second = await member.takeChanges();
    expect(second.families[0]).toMatchObject({ series: 0, runs: [], labelValues: [] });
    expect(JSON.stringify(second).length).toBeLessThan(first.length / 50);
  });

  it('are refused when they do not follow the snapshot the hub has', async () => {
    const registry = new Registry();
    new Counter({ name: 'c_total', help: 'C', registers: [registry] }).inc();
    const member = new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]);
    const first = wire(await member.takeChanges());
    await member.takeChanges();
    const third = wire(await member.takeChanges());
    expect(() => applyChanges(first, third)).toThrow(
      /a change against snapshot 2, but the last one received is 1/,
    );
  });
});
