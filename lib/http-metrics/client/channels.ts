import { nodeBuiltin, reportInstrumentationFailure } from '../../core';

export type ChannelHandlers = Record<string, (message: any) => void>;

/**
 * Subscribes each handler to its channel and returns the unsubscribe. A
 * subscriber that throws would surface as an uncaught exception in the app,
 * so every handler reports its failures to `metric` instead.
 */
export function subscribeAll(metric: string, handlers: ChannelHandlers): () => void {
  const { subscribe, unsubscribe } = nodeBuiltin('node:diagnostics_channel', 'HttpClientMetrics');
  const subscribed = Object.entries(handlers).map(([channel, handle]) => {
    const guarded = (message: unknown) => {
      try {
        handle(message);
      } catch (error) {
        reportInstrumentationFailure(metric, error);
      }
    };
    subscribe(channel, guarded);
    return () => unsubscribe(channel, guarded);
  });
  return () => {
    for (const stop of subscribed) stop();
  };
}
