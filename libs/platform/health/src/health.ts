import { BeforeApplicationShutdown, Controller, DynamicModule, Get, Inject, Injectable, Module, type Provider, type Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';

/** Something a service needs before it can take traffic (Kafka, Postgres, Redis, a loaded catalogue). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with details when ready; throws (with a reason) when not. */
  check(): Promise<Record<string, unknown> | void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
const CHECK_TIMEOUT_MS = 2_000;

/** Turns not-ready the moment shutdown starts, so a load balancer stops sending new work. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  draining = false;
  beforeApplicationShutdown(): void {
    this.draining = true;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Every dependency answers within a bound, and the service is not shutting down. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const s = this.indicators.check('accepting');
        return this.shutdown.draining ? s.down({ message: 'shutting down' }) : s.up();
      },
      ...this.checks.map((c) => async () => {
        const s = this.indicators.check(c.name);
        try {
          const details = await withTimeout(c.check(), CHECK_TIMEOUT_MS, c.name);
          return s.up(details ?? {});
        } catch (e) {
          return s.down({ message: (e as Error).message });
        }
      }),
    ]);
  }
}

@Module({})
export class HealthModule {
  /** `/health/live` and `/health/ready`, the latter running the given checks (each a provider). */
  static forRoot(options: { imports?: DynamicModule['imports']; checks: Type<ReadinessCheck>[]; providers?: Provider[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        ...(options.providers ?? []),
        { provide: READINESS_CHECKS, useFactory: (...checks: ReadinessCheck[]) => checks, inject: options.checks },
      ],
      exports: [ShutdownState],
    };
  }
}
