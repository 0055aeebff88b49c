/**
 * A denied metric: its recording methods are replaced by empty functions on
 * the instance, so a call costs what calling an empty function costs, and it
 * never stores a series. Reading methods (`get`, `collect`) keep working and
 * find nothing.
 */
function doNothing(): void {}

/** A timer's end, for code that calls it and reads the duration. */
function endTimer(): number {
  return 0;
}

function startTimer(): () => number {
  return endTimer;
}

/** What `labels()` of a denied metric gives: a series whose every method does nothing. */
const SILENT_SERIES = Object.freeze({
  labelNames: Object.freeze([]) as readonly string[],
  labelValues: Object.freeze([]) as readonly string[],
  inc: doNothing,
  dec: doNothing,
  set: doNothing,
  setToCurrentTime: doNothing,
  observe: doNothing,
  record: doNothing,
  info: doNothing,
  state: doNothing,
  reset: doNothing,
  startTimer,
  get: endTimer,
});

function silentSeries(): typeof SILENT_SERIES {
  return SILENT_SERIES;
}

/** Every method through which an app records into a metric or creates its series. */
const SILENCED = {
  inc: doNothing,
  dec: doNothing,
  set: doNothing,
  setToCurrentTime: doNothing,
  observe: doNothing,
  zero: doNothing,
  info: doNothing,
  state: doNothing,
  remove: doNothing,
  startTimer,
  labels: silentSeries,
};

/** Replaces the recording methods of a denied metric (those its type has) by empty functions. */
export function silence(metric: object): void {
  for (const [method, empty] of Object.entries(SILENCED)) {
    if (typeof (metric as Record<string, unknown>)[method] !== 'function') continue;
    Object.defineProperty(metric, method, { value: empty, writable: true, configurable: true });
  }
}
