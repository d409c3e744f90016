import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { actorLabel, cityOf, type RequestWithActor } from '@city/platform-auth';
import { AuditRead } from './audit-read.entity';
import type { AuditSpec } from './audited';
import { AUDIT_TENANT, AUDITED } from './audit.tokens';

/**
 * Writes the audit row of every route declared `@Audited(...)` before its answer leaves: a read that
 * cannot be audited is not answered (the database being away fails both alike).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @Inject(AUDIT_TENANT) private readonly tenantId: string,
  ) {}

  /** The city whose data the request read (the request's city), or the service's own when it names none. */
  private cityOf(req: RequestWithActor): string {
    try {
      return cityOf(req);
    } catch {
      return this.tenantId;
    }
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDITED, ctx.getHandler());
    if (!spec || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const write = (outcome: number, references: string[]) => {
      const actor = req.actor;
      if (!actor) return Promise.resolve();
      return this.dataSource
        .getRepository(AuditRead)
        .insert({
          tenantId: this.cityOf(req),
          actor: actorLabel(actor),
          actorSubject: actor.subject,
          action: spec.action,
          subject: spec.subject(req).slice(0, 500),
          references: references.slice(0, 200),
          outcome,
          correlationId: String(req.id ?? '') || null,
        })
        .then(() => undefined);
    };
    return next.handle().pipe(
      mergeMap((result) =>
        from(write(reply.statusCode || 200, spec.references?.(result, req) ?? [])).pipe(
          mergeMap(() => [result]),
        ),
      ),
      catchError((e: unknown) =>
        from(write(e instanceof HttpException ? e.getStatus() : 500, []).catch(() => undefined)).pipe(
          mergeMap(() => Promise.reject(e)),
        ),
      ),
    );
  }
}
