import { basename, join } from 'node:path';
import { type ServiceProcess, startService } from '../../support/service-process';
import { waitFor } from '../../support/wait-for';
import type { ChildRuntime } from './promkit-bundle';

export const CLUSTER_APP = join(__dirname, '..', 'fixtures', 'cluster-app.js');

export interface RunningCluster {
  /** `http://127.0.0.1:<port>` of the primary: /metrics and the control API. */
  readonly control: string;
  /** `http://127.0.0.1:<port>` the workers share. */
  readonly app: string;
  readonly process: ServiceProcess;
  stop(): Promise<void>;
}

/** Starts test/multiprocess/fixtures/cluster-app.js and waits for its ports. */
export function startClusterApp(runtime: ChildRuntime, env: Record<string, string>): Promise<RunningCluster> {
  return startClusterScript(CLUSTER_APP, runtime.execArgv, { ...runtime.env, ...env });
}

/**
 * Starts a cluster fixture whose primary prints `{"control":…,"app":…}` once
 * it and its workers listen, and waits for that line.
 */
export async function startClusterScript(
  script: string,
  execArgv: string[],
  env: NodeJS.ProcessEnv,
): Promise<RunningCluster> {
  const service = startService(basename(script), process.execPath, [...execArgv, script], { env });
  try {
    const ports = await waitFor(
      async () => {
        const line = service
          .output()
          .split('\n')
          .find((l) => l.startsWith('{"control"'));
        return line ? (JSON.parse(line) as { control: number; app: number }) : undefined;
      },
      {
        what: 'the cluster app to listen',
        timeoutMs: 30_000,
        giveUp: () => (service.exited() ? 'it exited' : undefined),
      },
      () => service.output(),
    );
    return {
      control: `http://127.0.0.1:${ports.control}`,
      app: `http://127.0.0.1:${ports.app}`,
      process: service,
      stop: () => service.stop(),
    };
  } catch (error) {
    await service.stop();
    throw error;
  }
}
