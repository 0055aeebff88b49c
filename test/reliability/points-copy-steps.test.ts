import { copyInSteps } from '../../lib/core/scrape/points-copy';
import type { TimeSlice } from '../../lib/core/scrape/time-slice';

/**
 * A scrape copies a large family's series list a step at a time, yielding
 * between the steps; the app may add and remove series meanwhile. The copy
 * is a list the family really had (in order, each series once), never one
 * with a series twice or a hole.
 */

const LENGTH = 100_000;

/** A time slice spent after every step, running `between` at each yield. */
function everyStep(between: (turn: number) => void): { slice: TimeSlice; turns: () => number } {
  let turns = 0;
  const slice = {
    spent: () => true,
    next: async () => {
      between(turns++);
    },
  } as unknown as TimeSlice;
  return { slice, turns: () => turns };
}

const series = (count: number) => Array.from({ length: count }, (_, i) => ({ i }));

describe('the copy of a large series list', () => {
  it('is taken in steps, yielding between them', async () => {
    const live = series(LENGTH);
    const { slice, turns } = everyStep(() => {});
    const copy = await copyInSteps(live, slice);
    expect(turns()).toBeGreaterThan(1);
    expect(copy).toEqual(live);
    expect(copy).not.toBe(live);
  });

  it('starts over when a series is removed from the part already copied', async () => {
    const live = series(LENGTH);
    const { slice } = everyStep((turn) => {
      if (turn === 1) live.splice(10, 1);
    });
    const copy = await copyInSteps(live, slice);
    expect(copy).toEqual(live);
    expect(copy).toHaveLength(LENGTH - 1);
  });

  it('leaves out a series removed from the part not copied yet', async () => {
    const live = series(LENGTH);
    const removed = live[LENGTH - 5];
    const { slice } = everyStep((turn) => {
      if (turn === 0) live.splice(LENGTH - 5, 1);
    });
    const copy = await copyInSteps(live, slice);
    expect(copy).toHaveLength(LENGTH - 1);
    expect(copy).not.toContain(removed);
    expect(copy).toEqual(live);
    expect(copy.every((s) => s !== undefined)).toBe(true);
  });

  it('stops at the length the list had when it began, however many series are appended meanwhile', async () => {
    const live = series(LENGTH);
    const { slice } = everyStep(() => {
      live.push({ i: -1 });
    });
    const copy = await copyInSteps(live, slice);
    expect(copy).toEqual(live.slice(0, LENGTH));
  });

  it('is taken in one step when series keep being removed while it is taken', async () => {
    const live = series(LENGTH);
    const { slice } = everyStep(() => {
      live.splice(0, 1);
    });
    const copy = await copyInSteps(live, slice);
    expect(copy).toEqual(live);
    expect(new Set(copy).size).toBe(copy.length);
  });
});
