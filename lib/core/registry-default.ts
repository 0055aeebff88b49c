import { Registry } from './registry';

let defaultRegistry: Registry | undefined;

/** The process-wide registry metrics join when their config names no `registers`. */
export function getDefaultRegistry(): Registry {
  defaultRegistry ??= new Registry();
  return defaultRegistry;
}
