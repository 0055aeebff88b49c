import { commandSucceeds, type ExternalTool } from './external-tool';
import { freePort } from './free-port';
import { startService } from './service-process';
import { waitFor } from './wait-for';

const BINARY = '/usr/bin/prometheus-pushgateway';

let available: boolean | undefined;

/** Prometheus' Pushgateway (Debian package `prometheus-pushgateway`). */
export const pushgatewayTool: ExternalTool = {
  name: BINARY,
  debianPackage: 'prometheus-pushgateway',
  available: () => (available ??= commandSucceeds(BINARY, ['--version'])),
};

export interface RunningPushgateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Kills the gateway. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a real Pushgateway on a free loopback port with persistence off, and
 * resolves once it answers. On a startup failure it is stopped and the
 * rejection carries its output.
 */
export async function startPushgateway(readyTimeoutMs = 15_000): Promise<RunningPushgateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService('pushgateway', BINARY, [
    `--web.listen-address=127.0.0.1:${port}`,
    '--persistence.file=',
    '--log.level=warn',
  ]);
  try {
    await waitFor(
      async () => {
        const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
        return response.ok ? true : undefined;
      },
      {
        what: `the Pushgateway on ${url} to be ready`,
        timeoutMs: readyTimeoutMs,
        giveUp: () => (service.exited() ? 'it exited' : undefined),
      },
    );
  } catch (error) {
    await service.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- pushgateway output ---\n${service.output()}`);
  }
  return { url, stop: () => service.stop() };
}
