import type { TimeSlice } from './time-slice';

/** Entries copied between two looks at the clock. */
const COPIED_PER_STEP = 16 * 1024;

/** Copies started again (a series was removed from the part copied) before the list is copied in one step. */
const ATTEMPTS = 3;

/**
 * A copy of a family's live series list, taken a step at a time so that a
 * million series are not copied in one block of the event loop. A series
 * list changes in place only by removal and appending: when the last entry
 * copied is still where it was after a yield, nothing before it has moved
 * and the copy so far is still the list's start. Otherwise the copy starts
 * over; a list that keeps changing is copied in one step after a few tries.
 * The copy stops at the length the list had when it began (series appended
 * since are left to the next scrape) or shorter, when series were removed
 * from the part not copied yet: each series at most once, in order.
 */
export async function copyInSteps<P>(live: readonly P[], slice: TimeSlice): Promise<P[]> {
  for (let attempt = 1; attempt < ATTEMPTS; attempt++) {
    const copy = await copyUnlessMoved(live, slice);
    if (copy !== undefined) return copy;
  }
  return live.slice();
}

async function copyUnlessMoved<P>(live: readonly P[], slice: TimeSlice): Promise<P[] | undefined> {
  let length = live.length;
  const copy = new Array<P>(length);
  let copied = 0;
  while (copied < length) {
    const end = Math.min(length, copied + COPIED_PER_STEP);
    for (let i = copied; i < end; i++) copy[i] = live[i];
    copied = end;
    if (copied < length && slice.spent()) {
      await slice.next();
      if (live[copied - 1] !== copy[copied - 1]) return undefined;
      length = Math.min(length, live.length);
    }
  }
  // Shortening costs a pass over the array: only when series were removed.
  if (length < copy.length) copy.length = length;
  return copy;
}
