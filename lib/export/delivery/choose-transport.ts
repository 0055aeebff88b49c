import type { RequestOptions } from 'node:https';
import { currentRuntime, nodeBuiltin, optionalNodeBuiltin } from '../../core';
import { FetchTransport } from './fetch-transport';
import type { DeliveryTransport } from './transport';

/** `'node'`: node:http(s); `'fetch'`: the global fetch; or a transport of the caller's own. */
export type TransportChoice = 'node' | 'fetch' | DeliveryTransport;

/**
 * The transport for `choice`. The node transport is required here, when a
 * sender is made, never at import: this module loads where node:http does
 * not exist, and there the default falls back to fetch.
 */
export function chooseTransport(
  choice: TransportChoice | undefined,
  requestOptions: RequestOptions | undefined,
): DeliveryTransport {
  if (typeof choice === 'object') return choice;
  // Node itself gets node:http(s) (agents, proxies, `jest.mock('http')` work);
  // Bun, Deno and Workers get fetch, their native client.
  if (choice === 'fetch' || (choice === undefined && currentRuntime() !== 'node'))
    return new FetchTransport();
  // The HTTP client loads node:http at its first request, not at import: ask for it
  // here, under the name that client uses, so a runtime without it gets fetch now
  // (or, when node was asked for, a clear error) rather than failing every send.
  if (choice === 'node') nodeBuiltin('http', 'the node transport of push delivery');
  else if (optionalNodeBuiltin('http') === undefined) return new FetchTransport();
  const { NodeTransport } = require('./node-transport') as typeof import('./node-transport');
  return new NodeTransport(requestOptions);
}
