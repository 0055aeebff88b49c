import type { Cluster, Worker } from 'node:cluster';
import { nodeBuiltin } from '../../core';
import { SIGNAL_SETTLE_MS } from '../exit-hooks';
import type { Channels, HubChannels, MemberChannel } from '../hub/channels';
import { type HubRuntime, runtimeOf } from '../hub/hub-runtime';
import { isProtocolMessage, MESSAGE_TAG, type MemberMessage } from '../hub/protocol';
import { beforeDisconnect, primaryChannelIdle, writeToPrimaryNow } from './parent-channel';

// Loaded on first use: some application servers (Passenger) crash when `cluster` is merely imported.
let clusterModule: Cluster | undefined;
export function nodeCluster(): Cluster {
  clusterModule ??= nodeBuiltin('node:cluster', 'the cluster mode (AggregatorRegistry)');
  return clusterModule;
}

/**
 * Given to every send: a channel that breaks under a send (the other end
 * exited or was killed) otherwise raises an 'error' event that nothing in
 * the app listens for, and that ends the process.
 */
function ignoreBrokenChannel(_error: Error | null): void {}

function connectedWorkers(cluster: Cluster): Worker[] {
  return Object.values(cluster.workers ?? {}).filter((w): w is Worker => w?.isConnected() === true);
}

/** The primary's end: every worker's IPC channel, through the `cluster` module's events. */
function primaryChannels(): HubChannels {
  const cluster = nodeCluster();
  return {
    reachable: () => connectedWorkers(cluster).map((w) => String(w.id)),
    send: (id, message) => {
      cluster.workers?.[id]?.send(message, undefined, ignoreBrokenChannel);
    },
    listen(hub) {
      cluster.on('message', (worker: Worker, message: unknown) => {
        if (isProtocolMessage(message)) {
          hub.receive(String(worker.id), worker.process.pid ?? -1, message as MemberMessage);
        }
      });
      cluster.on('exit', (worker: Worker) => hub.exited(String(worker.id)));
      // Workers started before the hub: they said hello to nobody.
      for (const worker of connectedWorkers(cluster))
        worker.send({ tag: MESSAGE_TAG, kind: 'announce' }, undefined, ignoreBrokenChannel);
    },
  };
}

/** A worker's end: its IPC channel to the primary. */
function workerChannel(): MemberChannel {
  return {
    connected: () => process.connected === true && typeof process.send === 'function',
    send: (message) => {
      process.send?.(message, undefined, undefined, ignoreBrokenChannel);
    },
    sendNow: writeToPrimaryNow,
    settle: () => primaryChannelIdle(SIGNAL_SETTLE_MS),
    beforeClose: beforeDisconnect,
    listen(member) {
      const keepsAlive = process.listenerCount('message') > 0;
      process.on('message', (message: unknown) => {
        if (isProtocolMessage(message)) member.handle(message as never);
      });
      // Listening must not keep an otherwise finished worker alive (the app's own listeners still do).
      if (!keepsAlive) (process as { channel?: { unref(): void } }).channel?.unref();
    },
  };
}

const CLUSTER_CHANNELS: Channels = {
  deployment: 'cluster',
  hubName: 'primary',
  memberName: () => String(nodeCluster().worker?.id ?? process.pid),
  hubChannels: primaryChannels,
  memberChannel: workerChannel,
};

/** This process's cluster runtime. */
export function clusterRuntime(): HubRuntime {
  return runtimeOf(CLUSTER_CHANNELS);
}
