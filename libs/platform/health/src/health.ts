import {
  BeforeApplicationShutdown,
  Controller,
  DynamicModule,
  Get,
  Inject,
  Injectable,
  Logger,
  Module,
  Res,
  type Provider,
  type Type,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@city/platform-auth';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';

/** Something a service needs before it can take traffic (Kafka, Postgres, Redis, a loaded catalogue). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with details when ready; throws (with a reason) when not. */
  check(): Promise<Record<string, unknown> | void>;
}

/** Several components known only at run time (a service's Kafka consumers), each its own check. */
export interface ReadinessChecks {
  readinessChecks(): ReadinessCheck[];
}

/** The public answer of /health/ready: each component up or down, never why (that goes to the log). */
export interface ReadinessAnswer {
  status: 'ok' | 'error';
  checks: Record<string, 'up' | 'down'>;
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
@Public('liveness and readiness probes of the orchestrator; they name failing components, nothing more')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');
  /** The reason each component was last logged down with, so an outage is logged once, not at every probe. */
  private readonly down = new Map<string, string>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_CHECKS) private readonly checks: Array<ReadinessCheck | ReadinessChecks>,
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Every dependency answers within a bound, every consumer runs, and the service is not shutting
   * down. Anyone may ask, so the answer names components and their state only: the reasons (errors,
   * hosts) go to the log.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessAnswer> {
    const checks = this.checks.flatMap((c) => ('readinessChecks' in c ? c.readinessChecks() : [c]));
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          await withTimeout(c.check(), CHECK_TIMEOUT_MS, c.name);
          return [c.name, null] as const;
        } catch (e) {
          return [c.name, e instanceof Error ? e.message : String(e)] as const;
        }
      }),
    );
    const answer: ReadinessAnswer = {
      status: 'ok',
      checks: { accepting: this.shutdown.draining ? 'down' : 'up' },
    };
    if (this.shutdown.draining) answer.status = 'error';
    for (const [name, reason] of results) {
      answer.checks[name] = reason === null ? 'up' : 'down';
      if (reason !== null) answer.status = 'error';
      this.remember(name, reason);
    }
    if (answer.status === 'error') reply.status(503);
    return answer;
  }

  private remember(name: string, reason: string | null): void {
    const before = this.down.get(name);
    if (reason === null) {
      if (before !== undefined) this.logger.log(`${name} is up again`);
      this.down.delete(name);
    } else if (before !== reason) {
      this.logger.warn(`${name} is down: ${reason}`);
      this.down.set(name, reason);
    }
  }
}

@Module({})
export class HealthModule {
  /** `/health/live` and `/health/ready`, the latter running the given checks (each a provider). */
  static forRoot(options: {
    imports?: DynamicModule['imports'];
    checks: Type<ReadinessCheck | ReadinessChecks>[];
    providers?: Provider[];
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        ...(options.providers ?? []),
        {
          provide: READINESS_CHECKS,
          useFactory: (...checks: Array<ReadinessCheck | ReadinessChecks>) => checks,
          inject: options.checks,
        },
      ],
      exports: [ShutdownState],
    };
  }
}
