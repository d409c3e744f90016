import { describeOpenApi } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { loadGatewayConfig } from '../src/config';
import { startGateway } from './gateway.harness';

/** The gateway's OpenAPI document and Swagger UI, fetched from the running gateway. */
describeOpenApi({
  app: 'intake-gateway',
  module: () => AppModule.register(loadGatewayConfig({})),
  start: startGateway,
});
