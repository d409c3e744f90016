import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Global, Injectable, Module, type LoggerService } from '@nestjs/common';
import pino, { type Logger, type LoggerOptions } from 'pino';

export const CORRELATION_HEADER = 'x-correlation-id';
/** The service's pino logger, for injection. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * Personal data and secrets never reach a log line. Paths follow pino's redact syntax; request and
 * response bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'email',
  '*.email',
  'phone',
  '*.phone',
  'callerNumber',
  '*.callerNumber',
  'firstName',
  '*.firstName',
  'lastName',
  '*.lastName',
  'address',
  '*.address',
  'contact',
  '*.contact',
  'description',
  '*.description',
  'api_key',
  '*.api_key',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
];

/**
 * Fields of an error that carry citizens' data: a failed statement's parameters (TypeORM's
 * QueryFailedError), and what Postgres quotes of the row or the input (`detail`: "Key (email)=(...)
 * already exists", `where`: the context, with COPY's row data).
 */
export const UNSAFE_ERROR_FIELDS = ['parameters', 'detail', 'where'] as const;

type SerializedError = Record<string, unknown>;

/** What pino's serialiser made of an error: a new object (never the error itself), safe to change. */
const SERIALIZED_ERROR_PROTO = Object.getPrototypeOf(pino.stdSerializers.err(new Error('probe'))) as object;
const isSerializedError = (v: unknown): v is SerializedError =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === SERIALIZED_ERROR_PROTO;

function withoutUnsafeFields(e: SerializedError): SerializedError {
  for (const k of UNSAFE_ERROR_FIELDS) delete e[k];
  // Errors inside it (a driver error, the errors of an AggregateError) were serialised as new objects too.
  for (const v of Object.values(e)) {
    if (isSerializedError(v)) withoutUnsafeFields(v);
    else if (Array.isArray(v)) for (const x of v) if (isSerializedError(x)) withoutUnsafeFields(x);
  }
  return e;
}

/** pino's error serialiser (type, message, stack, code, ...) without the fields that carry citizens' data. */
export function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown;
  return isSerializedError(out) ? withoutUnsafeFields(out) : out;
}

/** What every log line written while handling one request or one message carries (its correlation id). */
export interface LogContext {
  correlationId: string;
}
const logContext = new AsyncLocalStorage<LogContext>();

/** Runs work with a log context: every line any logger writes inside it carries the context's fields. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return logContext.run(context, work);
}

/** The log context in force, if any. */
export const currentLogContext = (): LogContext | undefined => logContext.getStore();

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    // The correlation id of the request or message under way, unless the line names one itself.
    mixin: (_obj, _level) => logContext.getStore() ?? {},
    mixinMergeStrategy: (mergeObject, mixinObject) => ({ ...mixinObject, ...mergeObject }),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A JSON logger with the platform's settings (redaction, ISO time, level labels). */
export function createLogger(service: string, level = 'info'): Logger {
  return pino(loggerOptions(service, level));
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is well-formed, else a new one. */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

/** Query strings can carry secrets (Open311's api_key): never log their values. */
export const safeUrl = (url: string): string => url.replace(/([?&](api_key|token)=)[^&]*/gi, '$1[redacted]');

/**
 * One log line per finished request, with its correlation id; health probes are not logged. The
 * request is known by the route it matched (`/api/v1/requests/:reference`), never by its URL: paths
 * and query strings carry references, emails, phone numbers, names and opt-out tokens. A request
 * that matched no route has route null.
 */
export function requestLogLine(
  logger: Logger,
  r: {
    method: string;
    route: string | null;
    statusCode: number;
    correlationId: string;
    responseTimeMs: number;
  },
): void {
  if (r.route?.startsWith('/health')) return;
  const level = r.statusCode >= 500 ? 'error' : r.statusCode >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      correlationId: r.correlationId,
      req: { method: r.method, route: r.route },
      res: { statusCode: r.statusCode },
      responseTime: Math.round(r.responseTimeMs),
    },
    'request completed',
  );
}

/** NestJS's own logging (start-up, errors) through the same pino logger. */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object') this.logger[level]({ context, ...(message as object) });
    else this.logger[level]({ context }, String(message));
  }
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}

@Global()
@Module({})
export class LoggingModule {
  /** The service's logger (APP_LOGGER) and Nest's logger on top of it (PinoNestLogger). */
  static forRoot(service: string, level: string): DynamicModule {
    const logger = createLogger(service, level);
    return {
      module: LoggingModule,
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        { provide: PinoNestLogger, useValue: new PinoNestLogger(logger) },
      ],
      exports: [APP_LOGGER, PinoNestLogger],
    };
  }
}
