import { addResultTracker, type CallHooks, type ResultTracker } from '../core';
import { safeEnd } from '../core/call-tracking';
import { runsOf } from './deferred-call';

/**
 * Measures a generator from its first `next()` until it is exhausted,
 * returned early or throws. The replacement is itself a generator delegating
 * with `yield*`, so `next`/`return`/`throw` and iteration behave as before.
 */
export const trackGenerator: ResultTracker = (result, hooks) => {
  // Cheap checks first: this runs after every tracked call.
  if (result === null || typeof result !== 'object' || typeof (result as Generator).next !== 'function') {
    return undefined;
  }
  const tag = Object.prototype.toString.call(result);
  if (tag === '[object Generator]') {
    return { handled: true, result: trackedGenerator(result as Generator, runsOf(hooks)) };
  }
  if (tag === '[object AsyncGenerator]') {
    return { handled: true, result: trackedAsyncGenerator(result as AsyncGenerator, runsOf(hooks)) };
  }
  return undefined;
};

function* trackedGenerator(inner: Generator, nextRun: () => CallHooks): Generator {
  const run = new GeneratorRun(nextRun());
  try {
    return yield* inner;
  } catch (error) {
    throw run.failed(error);
  } finally {
    run.ended();
  }
}

async function* trackedAsyncGenerator(inner: AsyncGenerator, nextRun: () => CallHooks): AsyncGenerator {
  const run = new GeneratorRun(nextRun());
  try {
    return yield* inner;
  } catch (error) {
    throw run.failed(error);
  } finally {
    run.ended();
  }
}

/** Remembers how the generator stopped so `finally` can report it. */
class GeneratorRun {
  private failure: { error: unknown } | undefined;

  constructor(private readonly hooks: CallHooks) {}

  failed(error: unknown): unknown {
    this.failure = { error };
    return error;
  }

  ended(): void {
    safeEnd(this.hooks, this.failure?.error, this.failure !== undefined);
  }
}

addResultTracker(trackGenerator);
