import { Counter, Gauge, Registry } from 'promkit';

/** A registry with two known families, so filtering and formats have something to show. */
export function sampleRegistry(): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: 'requests_total',
    help: 'Requests handled',
    labelNames: ['method'],
    registers: [registry],
  });
  requests.inc({ method: 'GET' }, 3);
  new Gauge({ name: 'temperature_celsius', help: 'Temperature', registers: [registry] }).set(21.5);
  return registry;
}
