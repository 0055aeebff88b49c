import type { RemoteWriteVersion } from './remote-write-options';

/**
 * The version each receiver turned out to speak, by URL, for the life of the
 * process: once a receiver has answered 2.0 as a 1.0 receiver does, every
 * later request to it is sent as 1.0 at once.
 */
const learned = new Map<string, RemoteWriteVersion>();

/** Receivers remembered at most, so URLs built per request cannot grow the map without end. */
const MAX_RECEIVERS = 1000;

export function receiverVersion(url: string): RemoteWriteVersion | undefined {
  return learned.get(url);
}

export function rememberReceiverVersion(url: string, version: RemoteWriteVersion): void {
  if (learned.size >= MAX_RECEIVERS && !learned.has(url))
    learned.delete(learned.keys().next().value as string);
  learned.set(url, version);
}
