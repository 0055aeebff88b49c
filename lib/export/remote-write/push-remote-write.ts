import { checkOptions } from '../../core/options';
import { REMOTE_WRITE_RULE, type RemoteWriteOptions } from './remote-write-options';
import { type RemoteWriteResult, RemoteWriteSender } from './remote-write-sender';

/**
 * Collects the registry once and sends it to a Remote Write receiver in one
 * request: 2.0 by default, 1.0 for a receiver that turns out to speak only
 * that. Resolves with what the receiver confirmed; rejects with a
 * `RemoteWriteError` when it refused the request (nothing is retried: see
 * `startRemoteWrite` for a loop that does), and with a `MetricConfigError`
 * naming the option when an option is wrong.
 */
export async function pushRemoteWrite(options: RemoteWriteOptions): Promise<RemoteWriteResult> {
  const sender = new RemoteWriteSender(checkOptions('pushRemoteWrite', REMOTE_WRITE_RULE, options));
  const families = await sender.registry.collect();
  return sender.send(families, { timestamp: Date.now() });
}
