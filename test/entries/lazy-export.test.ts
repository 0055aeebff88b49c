import { inspect } from 'node:util';
import { lazyClass, lazyFunction, lazyObject } from '../../lib/entries/lazy-export';

/** A class like the root's lazily loaded ones: statics, a private field, a method. */
class Exporter {
  static created = 0;
  static describe(): string {
    return 'an exporter';
  }
  readonly #url: string;
  constructor(url: string) {
    this.#url = url;
    Exporter.created++;
  }
  url(): string {
    return this.#url;
  }
}

class ExportError extends Error {
  override readonly name = 'ExportError';
}

function counted<T>(value: T): { load: () => T; loads: () => number } {
  let loads = 0;
  return {
    load: () => {
      loads++;
      return value;
    },
    loads: () => loads,
  };
}

describe('lazyFunction', () => {
  it('loads nothing until first called, then loads once', () => {
    const module = counted((a: number, b: number) => a + b);
    const add = lazyFunction('add', 2, module.load);
    expect(module.loads()).toBe(0);
    expect(add(1, 2)).toBe(3);
    expect(add(3, 4)).toBe(7);
    expect(module.loads()).toBe(1);
  });

  it('calls the real function with the caller’s this and arguments, under its name and length', () => {
    function plus(this: { base: number }, n: number) {
      return this.base + n;
    }
    const standIn = lazyFunction('plus', 1, () => plus);
    expect(standIn.call({ base: 10 }, 5)).toBe(15);
    expect([standIn.name, standIn.length]).toEqual(['plus', 1]);
    expect(inspect(standIn)).toContain('plus');
  });

  it('throws what the real function throws', () => {
    const standIn = lazyFunction('fail', 0, () => () => {
      throw new ExportError('no');
    });
    expect(() => standIn()).toThrow(ExportError);
  });
});

describe('lazyClass', () => {
  it('loads nothing until first used, then loads once', () => {
    const module = counted(Exporter);
    const Standing = lazyClass('Exporter', module.load);
    expect(module.loads()).toBe(0);
    new Standing('a');
    new Standing('b');
    expect(module.loads()).toBe(1);
  });

  it('calls a function with properties and reads them (a Fastify plugin’s skip-override)', async () => {
    const plugin = Object.assign(async (instance: { ready: boolean }) => instance.ready, {
      [Symbol.for('skip-override')]: true,
    });
    const standIn = lazyClass('plugin', () => plugin);
    await expect(standIn({ ready: true })).resolves.toBe(true);
    expect(standIn[Symbol.for('skip-override')]).toBe(true);
    expect(standIn.constructor.name).toBe('AsyncFunction');
  });

  it('constructs the real class, whose instances are instanceof both', () => {
    const Standing = lazyClass('Exporter', () => Exporter);
    const made = new Standing('http://127.0.0.1:9091');
    expect(made.url()).toBe('http://127.0.0.1:9091');
    expect(made).toBeInstanceOf(Exporter);
    expect(made).toBeInstanceOf(Standing);
    expect(new Exporter('x')).toBeInstanceOf(Standing);
    expect(made.constructor).toBe(Exporter);
  });

  it('recognises errors the real module throws (instanceof, toThrow)', () => {
    const StandInError = lazyClass('ExportError', () => ExportError);
    const fail = () => {
      throw new ExportError('push failed');
    };
    expect(fail).toThrow(StandInError);
    expect({} instanceof StandInError).toBe(false);
  });

  it('can be subclassed: the subclass’s methods, the real class’s fields and methods, instanceof all three', () => {
    const Standing = lazyClass('Exporter', () => Exporter);
    class Tagged extends Standing {
      tag(): string {
        return `tagged ${this.url()}`;
      }
    }
    const tagged = new Tagged('http://127.0.0.1:1');
    expect(tagged.tag()).toBe('tagged http://127.0.0.1:1');
    expect(tagged).toBeInstanceOf(Tagged);
    expect(tagged).toBeInstanceOf(Standing);
    expect(tagged).toBeInstanceOf(Exporter);
    expect(new Standing('y')).not.toBeInstanceOf(Tagged);
    expect(Tagged.describe()).toBe('an exporter');
  });

  it('has the real class’s statics and prototype (a spy on the prototype sees every instance)', () => {
    const Standing = lazyClass('Exporter', () => Exporter);
    expect(Standing.describe()).toBe('an exporter');
    expect(Standing.prototype).toBe(Exporter.prototype);
    expect(Object.getPrototypeOf(Standing)).toBe(Object.getPrototypeOf(Exporter));
    const spy = jest.spyOn(Standing.prototype, 'url').mockReturnValue('spied');
    try {
      expect(new Exporter('z').url()).toBe('spied');
    } finally {
      spy.mockRestore();
    }
    const before = Exporter.created;
    Standing.created = before + 10;
    expect(Exporter.created).toBe(before + 10);
  });

  it('is printed under its own name, without loading the module', () => {
    const module = counted(Exporter);
    const Standing = lazyClass('Exporter', module.load);
    expect(inspect(Standing)).toContain('Exporter');
    expect(typeof Standing).toBe('function');
    expect(module.loads()).toBe(0);
  });
});

describe('lazyObject', () => {
  it('loads nothing until read, then has the real object’s properties', () => {
    const module = counted({ sum: (values: number[]) => values.reduce((a, b) => a + b, 0), first: 'first' });
    const standIn = lazyObject(module.load);
    expect(module.loads()).toBe(0);
    expect(standIn.sum([1, 2, 3])).toBe(6);
    expect(Object.keys(standIn)).toEqual(['sum', 'first']);
    expect('first' in standIn).toBe(true);
    expect({ ...standIn }.first).toBe('first');
    expect(typeof standIn).toBe('object');
    expect(module.loads()).toBe(1);
  });

  it('reports the real object’s frozen properties without breaking the proxy’s rules', () => {
    const standIn = lazyObject(() => Object.freeze({ min: 1 }));
    expect(Object.getOwnPropertyDescriptor(standIn, 'min')?.value).toBe(1);
    expect(Object.entries(standIn)).toEqual([['min', 1]]);
  });
});
