import { Module, type DynamicModule } from '@nestjs/common';
import { ForwarderRuntime } from './forwarder-runtime';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';

/** The forwarder's Nest module; the runtime is built before Nest starts and handed in. */
@Module({})
export class ForwarderModule {
  static forRuntime(runtime: ForwarderRuntime): DynamicModule {
    return {
      module: ForwarderModule,
      controllers: [HealthController, MetricsController],
      providers: [{ provide: ForwarderRuntime, useValue: runtime }],
    };
  }
}
