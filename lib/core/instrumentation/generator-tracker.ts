import type { CallHooks } from './call-hooks';
import { runsOf } from './deferred-runs';
import { safeEnd } from './safe-end';

/**
 * Measures a generator from its first `next()` until it is exhausted,
 * returned early or throws. The replacement is itself a generator delegating
 * with `yield*`, so `next`/`return`/`throw` and iteration behave as before.
 * Returns undefined when `result` is not a generator.
 */
export function trackGenerator(result: object, hooks: CallHooks): Generator | AsyncGenerator | undefined {
  // The cheap check first: this runs after every tracked call that returns an object.
  if (typeof (result as Generator).next !== 'function') return undefined;
  const tag = Object.prototype.toString.call(result);
  if (tag === '[object Generator]') {
    return trackedGenerator(result as Generator, runsOf(hooks));
  }
  if (tag === '[object AsyncGenerator]') {
    return trackedAsyncGenerator(result as AsyncGenerator, runsOf(hooks));
  }
  return undefined;
}

function* trackedGenerator(inner: Generator, nextRun: () => CallHooks): Generator {
  const run = new GeneratorRun(nextRun());
  try {
    return run.returned(yield* inner);
  } catch (error) {
    throw run.failed(error);
  } finally {
    run.ended();
  }
}

async function* trackedAsyncGenerator(inner: AsyncGenerator, nextRun: () => CallHooks): AsyncGenerator {
  const run = new GeneratorRun(nextRun());
  try {
    return run.returned(yield* inner);
  } catch (error) {
    throw run.failed(error);
  } finally {
    run.ended();
  }
}

/** Remembers how the generator stopped so `finally` can report it. */
class GeneratorRun {
  private failure: { error: unknown } | undefined;
  private value: unknown;

  constructor(private readonly hooks: CallHooks) {}

  failed(error: unknown): unknown {
    this.failure = { error };
    return error;
  }

  returned(value: unknown): unknown {
    this.value = value;
    return value;
  }

  ended(): void {
    safeEnd(this.hooks, this.failure?.error, this.failure !== undefined, this.value);
  }
}
