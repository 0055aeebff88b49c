import { Controller, type Type, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import type { ResolvedExtras } from './metrics-options.resolver';

/**
 * The controller class mounted by one `forRoot`: a fresh subclass, so its
 * path, guards and the app's own decorators never leak into other apps.
 * Version-neutral: URI versioning never moves the scrape target.
 */
export function configuredController(extras: ResolvedExtras): Type<MetricsController>[] {
  if (extras.controller === false) return [];
  const Base = typeof extras.controller === 'function' ? extras.controller : MetricsController;
  const Configured = class extends Base {};
  Object.defineProperty(Configured, 'name', { value: Base.name });
  Controller({ path: extras.path, version: VERSION_NEUTRAL })(Configured);
  if (extras.guards.length) UseGuards(...extras.guards)(Configured);
  for (const decorate of extras.controllerDecorators) decorate(Configured);
  return [Configured as Type<MetricsController>];
}
