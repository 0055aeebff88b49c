import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Enum } from 'promkit';
import { InjectMetric } from 'promkit/nest';

export const SERVICE_STATES = ['starting', 'serving', 'degraded', 'draining'] as const;
export type ServiceStateName = (typeof SERVICE_STATES)[number];

/** `orders_service_state`: which one of its lifecycle states the service is in (a StateSet). */
@Injectable()
export class ServiceState implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@InjectMetric('orders_service_state') private readonly state: Enum<string, ServiceStateName>) {}

  onApplicationBootstrap(): void {
    this.state.state('serving');
  }

  onApplicationShutdown(): void {
    this.state.state('draining');
  }
}
