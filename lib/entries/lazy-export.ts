/**
 * Stand-ins for the root's exports from layers it loads on first use (the
 * root bundle scripts/bundle.cjs writes: exporters, HTTP metrics, collectors,
 * multi-process modes). A stand-in, not a getter on `exports`: the ES module
 * entry copies every export's value when it is imported, which would run
 * every getter and load every layer at once.
 */

/** `load`, run on the first call only. */
function once<T>(load: () => T): () => T {
  let loaded = false;
  let value: T;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value;
  };
}

/**
 * A plain function whose module loads on its first call (the bundler uses it
 * for functions with no properties but their name and length). A function
 * rather than a proxy: calling through a proxy costs tens of nanoseconds more,
 * at every call, for good.
 */
export function lazyFunction<T extends (...args: never[]) => unknown>(
  name: string,
  length: number,
  load: () => T,
): T {
  const real = once(load) as unknown as () => (...args: unknown[]) => unknown;
  const standIn = function (this: unknown, ...args: unknown[]) {
    return real().apply(this, args);
  };
  Object.defineProperties(standIn, { name: { value: name }, length: { value: length } });
  return standIn as unknown as T;
}

/**
 * A class, or a function whose properties matter (an async function, a
 * Fastify plugin's `skip-override`), whose module loads when it is first
 * touched: a call calls the real one, `new` constructs the real class with the
 * caller's `new.target` (so a subclass of the stand-in gets its own prototype
 * chain over the real class's), and every property read (`prototype`,
 * statics, `Symbol.hasInstance`, so `instanceof`) is the real one's.
 */
export function lazyClass<T extends object>(name: string, load: () => T): T {
  const real = once(load) as () => T & ((...args: unknown[]) => unknown) & (new (...args: unknown[]) => T);
  // biome-ignore lint/complexity/useArrowFunction: an arrow cannot be constructed, and a class's `prototype` is read-only, where the real class's prototype must be reported in its place
  const target = Object.defineProperty(function () {}, 'name', { value: name });
  const standIn: T = new Proxy(target as unknown as T, {
    apply: (_target, thisArg, args) => Reflect.apply(real(), thisArg, args),
    construct: (_target, args, newTarget) => Reflect.construct(real(), args, newTarget),
    get: (_target, key, receiver) => Reflect.get(real(), key, receiver === standIn ? real() : receiver),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return standIn;
}

/** An object whose module loads when it is first read: its properties are the real object's. */
export function lazyObject<T extends object>(load: () => T): T {
  const real = once(load);
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(real(), key),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: a proxy may not report a non-configurable property its empty target lacks.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
