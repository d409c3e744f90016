import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger, type LoggerOptions } from 'pino';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Personal data and secrets never reach a log line. Paths follow pino's redact syntax; request and
 * response bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-device-token"]',
  'req.headers["x-api-key"]',
  'req.headers["x-telephony-signature"]',
  'req.query.api_key',
  'email', '*.email', 'phone', '*.phone', 'callerNumber', '*.callerNumber',
  'firstName', '*.firstName', 'lastName', '*.lastName', 'address', '*.address',
  'contact', '*.contact', 'description', '*.description', 'api_key', '*.api_key', 'token', '*.token',
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A plain pino logger with the same settings, for scripts and code outside a request. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino(loggerOptions(service, level));
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is well-formed, else a new one. */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

@Module({})
export class LoggingModule {
  /** JSON logs, one line a request with its correlation id (echoed back as x-correlation-id). */
  static forRoot(service: string, level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            ...loggerOptions(service, level),
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              // Reuse the id the HTTP framework already gave the request (see correlationIdOf).
              const id = (req as IncomingMessage & { id?: string }).id ?? correlationIdOf(req);
              res.setHeader(CORRELATION_HEADER, id);
              return id;
            },
            customProps: (req: IncomingMessage) => ({ correlationId: (req as IncomingMessage & { id?: string }).id }),
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url?.replace(/api_key=[^&]*/g, 'api_key=[redacted]') }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
