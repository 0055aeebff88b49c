import { Module } from '@nestjs/common';
import { MetricsModule } from 'promkit/nest';
import { ObservabilityModule } from './observability/observability.module';
import { OrdersModule } from './orders/orders.module';

@Module({
  imports: [
    MetricsModule.forRoot({
      defaultLabels: { service: 'orders' },
      // Health checks would drown the real traffic in the request histogram.
      httpMetrics: { excludePaths: ['/health'] },
    }),
    ObservabilityModule,
    OrdersModule,
  ],
})
export class AppModule {}
