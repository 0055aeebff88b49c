import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Info } from 'promkit';
import { InjectMetric } from 'promkit/nest';

/** `app_build_info{version,commit,node} 1`: lets dashboards show which build is running. */
@Injectable()
export class BuildInfo implements OnModuleInit {
  constructor(@InjectMetric('app_build') private readonly build: Info) {}

  onModuleInit(): void {
    this.build.info({
      version: process.env.APP_VERSION ?? '1.4.2',
      commit: process.env.GIT_COMMIT ?? 'dev',
      node: process.version,
    });
  }
}
