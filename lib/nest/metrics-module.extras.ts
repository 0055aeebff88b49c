import type { CanActivate, Type } from '@nestjs/common';
import { anyBoolean, anyFunction, anyOf, anyString, arrayOf, type ShapeFields, valueRule } from '../core';
import { MetricsController } from './metrics.controller';

/**
 * What shapes the module's routes and scope. Routes are fixed before any
 * options factory runs, so these are given to `forRoot` or `forRootAsync`
 * directly, never by a factory.
 */
export interface MetricsModuleExtras {
  /** Where the endpoint is served, below any global prefix (default `/metrics`). */
  path?: string;
  /** `false` serves no endpoint in the app; a subclass of `MetricsController` replaces it. */
  controller?: boolean | Type<MetricsController>;
  /** Extra decorators for the endpoint's controller, e.g. the app's own `@Public()` marker. */
  controllerDecorators?: ClassDecorator[];
  /** Guards run before each scrape, e.g. an IP allow-list. */
  guards?: (CanActivate | Function)[];
  /** Register the module globally so `forFeature` modules need not import it (default true). */
  global?: boolean;
}

/** The route-level options, given to `forRoot` / `forRootAsync` directly. */
export type MetricsModuleStaticOptions = MetricsModuleExtras;

/** What each route-level option accepts, checked when `forRoot` / `forRootAsync` is called. */
export const EXTRAS_RULES: ShapeFields<MetricsModuleExtras> = {
  path: anyString,
  controller: anyOf(
    anyBoolean,
    valueRule(
      'MetricsController or a subclass of it',
      (v) => v === MetricsController || (typeof v === 'function' && v.prototype instanceof MetricsController),
    ),
  ),
  controllerDecorators: arrayOf(anyFunction),
  guards: arrayOf(
    valueRule(
      'a guard class or instance (with canActivate)',
      (v) => typeof v === 'function' || typeof (v as CanActivate | null)?.canActivate === 'function',
    ),
  ),
  global: anyBoolean,
};
