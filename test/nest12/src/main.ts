import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CountExceptions, Timed } from 'promkit';
import { MetricsModule } from 'promkit/nest';

@Injectable()
export class GreetingService {
  @Timed({ name: 'nest12_greet_seconds' })
  @CountExceptions({ name: 'nest12_greet_failures_total' })
  greet(name: string): string {
    if (name === 'nobody') throw new Error('nobody to greet');
    return `hello ${name}`;
  }
}

@Controller('greet')
export class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  @Get(':name')
  greet(@Param('name') name: string): string {
    return this.greetings.greet(name);
  }
}

/** A feature module importing the metrics module too, as Nest apps do: requests are still counted once. */
@Module({
  imports: [MetricsModule, MetricsModule.forRoot({ defaultLabels: { nest: '12' } })],
  controllers: [GreetingController],
  providers: [GreetingService],
})
export class GreetingModule {}

@Module({
  imports: [MetricsModule.forRoot({ defaultLabels: { nest: '12' } }), GreetingModule],
})
export class AppModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
  const address = app.getHttpServer().address();
  // The parent test reads this line to learn the port.
  console.log(`LISTENING ${typeof address === 'object' && address ? address.port : address}`);
}

void bootstrap();
