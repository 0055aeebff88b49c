import * as prometheusIo from '@prometheus-io/client';
import * as promClient from 'prom-client';
import * as promkit from '../lib';

/** The prom-client API surface the three libraries share; benchmarks are written once against it. */
export type Lib = typeof promkit;

export const LIBRARIES: Record<string, Lib> = {
  promkit,
  'prom-client': promClient as unknown as Lib,
  '@prometheus-io/client': prometheusIo as unknown as Lib,
};

export const LIBRARY_NAMES = Object.keys(LIBRARIES);

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
export const ROUTES = ['/orders', '/orders/:id', '/users', '/users/:id', '/health'];
export const CODES = ['200', '201', '404', '500'];

/** How many times faster promkit is than `other`, as printed in the tables. */
export function ratio(other: number, ours: number): string {
  return `${(other / ours).toFixed(1)}×`;
}
