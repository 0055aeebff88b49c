import type { CallHooks } from './call-hooks';
import { runsOf } from './deferred-runs';
import { safeEnd } from './safe-end';

interface Unsubscribable {
  unsubscribe(): void;
}

/** The observer side rxjs hands to a subscribe function. */
interface Subscriber {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

interface ObservableLike {
  subscribe(observer: Subscriber): Unsubscribable | undefined;
}

type ObservableClass = new (subscribe: (subscriber: Subscriber) => () => void) => ObservableLike;

// rxjs uses Symbol.observable when a polyfill defines it, else this string key.
const OBSERVABLE_KEYS = [(Symbol as { observable?: symbol }).observable, '@@observable'].filter(
  (key): key is symbol | string => key !== undefined,
);

function isObservable(value: unknown): value is ObservableLike {
  const candidate = value as Record<string | symbol, unknown>;
  return (
    typeof candidate.subscribe === 'function' &&
    OBSERVABLE_KEYS.some((key) => typeof candidate[key] === 'function')
  );
}

/**
 * The class a plain Observable is a direct instance of, found without
 * importing rxjs. Subclasses (Subjects...) are left alone: the caller may use
 * what they add (`next()`), which a re-created Observable would not have.
 */
function plainObservableClass(observable: ObservableLike): ObservableClass | undefined {
  const own = Object.getPrototypeOf(observable);
  const parent = own && Object.getPrototypeOf(own);
  const isRoot = parent === Object.prototype || parent === null || typeof parent?.subscribe !== 'function';
  return isRoot && typeof own.constructor === 'function' ? own.constructor : undefined;
}

/**
 * Measures each subscription from subscribe until complete, error or
 * unsubscribe. Returns an Observable of the same class that subscribes to the
 * original only when it is itself subscribed, so laziness is kept; undefined
 * when `result` is not a plain Observable. Duck-typed: core never loads rxjs.
 */
export function trackObservable(result: object, hooks: CallHooks): ObservableLike | undefined {
  if (!isObservable(result)) return undefined;
  const ObservableClass = plainObservableClass(result);
  if (!ObservableClass) return undefined;
  const nextRun = runsOf(hooks);
  return new ObservableClass((subscriber) => {
    const finish = endOnce(nextRun());
    let last: unknown;
    const subscription = subscribeOrEnd(result, finish, {
      next: (value) => {
        last = value;
        subscriber.next(value);
      },
      error: (error) => {
        finish(error, true);
        subscriber.error(error);
      },
      complete: () => {
        finish(undefined, false, last);
        subscriber.complete();
      },
    });
    return () => {
      subscription?.unsubscribe();
      finish(undefined, false, last);
    };
  });
}

/** A source that throws while subscribing has ended in failure, as far as measuring goes. */
function subscribeOrEnd(
  observable: ObservableLike,
  finish: (error: unknown, failed: boolean, value?: unknown) => void,
  observer: Subscriber,
): Unsubscribable | undefined {
  try {
    return observable.subscribe(observer);
  } catch (error) {
    finish(error, true);
    throw error;
  }
}

function endOnce(run: CallHooks): (error: unknown, failed: boolean, value?: unknown) => void {
  let ended = false;
  return (error, failed, value) => {
    if (ended) return;
    ended = true;
    safeEnd(run, error, failed, value);
  };
}
