import { Module } from '@nestjs/common';
import { MetricsModule } from 'promkit/nest';
import { BuildInfo } from './build-info';
import { HealthController } from './health.controller';
import { SERVICE_STATES, ServiceState } from './service-state';

@Module({
  imports: [
    MetricsModule.forFeature([
      { type: 'info', name: 'app_build', help: 'Build of the running orders service.' },
      {
        type: 'enum',
        name: 'orders_service_state',
        help: 'Lifecycle state of the orders service.',
        states: [...SERVICE_STATES],
      },
    ]),
  ],
  controllers: [HealthController],
  providers: [BuildInfo, ServiceState],
  exports: [ServiceState],
})
export class ObservabilityModule {}
