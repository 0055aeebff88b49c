import type { DynamicModule, Type } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import { isPlainObject, MetricConfigError, valueText } from '../core';

/** Provided by each module `forRoot` / `forRootAsync` returns: the call that made it, for errors naming it. */
const ROOT_MODULE_CALL = Symbol('MetricsModule root module call');

/** Plain data: Nest may serialize a module's providers to key it. */
interface RootModuleCall {
  readonly text: string;
}

type RootMethod = 'forRoot' | 'forRootAsync';

/** The modules returned so far, each with its call; weakly held, as the importing module holds them. */
const givenTo = new WeakMap<DynamicModule, { method: RootMethod; options: unknown; call: RootModuleCall }>();
let returned: WeakRef<DynamicModule>[] = [];

/** Values that configure a module alike: plain objects and arrays by content, everything else by identity. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  // A TLS certificate read from its file by each call is the same certificate.
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((key) => o[key] !== undefined);
  const keysOfA = keys(a);
  return keysOfA.length === keys(b).length && keysOfA.every((key) => sameValue(a[key], b[key]));
}

function callText(method: RootMethod, options: unknown): string {
  const text = valueText(options);
  return `MetricsModule.${method}(${text === '{}' ? '' : text})`;
}

/**
 * The module for a `forRoot` / `forRootAsync` call: the one an earlier call
 * with the same options returned, if any. Nest tells modules apart by object,
 * so `forRoot()` called in several modules of an app is then one module: one
 * endpoint, HTTP requests measured once.
 */
export function rootModuleFor(
  method: RootMethod,
  options: unknown,
  build: () => DynamicModule,
): DynamicModule {
  returned = returned.filter((ref) => ref.deref() !== undefined);
  for (const ref of returned) {
    const module = ref.deref();
    const given = module && givenTo.get(module);
    if (module && given?.method === method && sameValue(given.options, options)) return module;
  }
  const built = build();
  const call: RootModuleCall = { text: callText(method, options) };
  const module: DynamicModule = {
    ...built,
    providers: [...(built.providers ?? []), { provide: ROOT_MODULE_CALL, useValue: call }],
  };
  givenTo.set(module, { method, options, call });
  returned.push(new WeakRef(module));
  return module;
}

/**
 * Fails the app's start when it holds two root modules (calls with different
 * options): which options, registry, endpoint and HTTP metrics would hold is
 * anybody's guess, and on Fastify the second endpoint fails the start anyway.
 */
export function assertOneRootModule(modules: ModulesContainer): void {
  const all = [...modules.values()];
  const roots = all.filter((module) => module.providers.has(ROOT_MODULE_CALL));
  if (roots.length < 2) return;
  const described = roots.map((root) => {
    const call = root.providers.get(ROOT_MODULE_CALL)?.instance as RootModuleCall;
    // Nest adds global modules to every module's imports: the importers are those that list the call.
    const importers = all
      .filter((module) =>
        declaredImports(module.metatype).some((imported) => givenTo.get(imported)?.call === call),
      )
      .map((module) => module.metatype.name);
    return importers.length ? `${call.text} in ${importers.join(', ')}` : call.text;
  });
  throw new MetricConfigError(
    `MetricsModule is configured more than once in one app, with different options: ${described.join(' and ')}. ` +
      'Configure it once, with forRoot() or forRootAsync() in the root module; other modules import MetricsModule ' +
      '(or MetricsModule.forFeature([...]) for their metrics) and share it',
  );
}

function declaredImports(moduleClass: Type<unknown>): DynamicModule[] {
  return (Reflect.getMetadata('imports', moduleClass) as DynamicModule[] | undefined) ?? [];
}
