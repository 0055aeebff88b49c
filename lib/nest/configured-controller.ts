import { Controller, type Type, UseGuards } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import type { MetricsModuleStaticOptions } from './metrics-options.interface';
import { resolveOptions } from './resolved-options';

/**
 * The controller class mounted by one `forRoot`: a fresh subclass, so its
 * path, guards and the app's own decorators never leak into other apps.
 */
export function configuredController(options: MetricsModuleStaticOptions): Type<MetricsController>[] {
  if (options.controller === false) return [];
  const Base = typeof options.controller === 'function' ? options.controller : MetricsController;
  const Configured = class extends Base {};
  Object.defineProperty(Configured, 'name', { value: Base.name });
  Controller(resolveOptions(options).path)(Configured);
  if (options.guards?.length) UseGuards(...options.guards)(Configured);
  for (const decorate of options.controllerDecorators ?? []) decorate(Configured);
  return [Configured as Type<MetricsController>];
}
