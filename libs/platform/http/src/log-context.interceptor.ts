import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { withLogContext } from '@city/platform-logging';

/** Every log line written while an HTTP request is handled carries its correlation id (Fastify's request id). */
@Injectable()
export class LogContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const correlationId = ctx.switchToHttp().getRequest<{ id: string }>().id;
    return new Observable((subscriber) =>
      withLogContext({ correlationId }, () => next.handle().subscribe(subscriber)),
    );
  }
}
