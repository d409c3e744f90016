import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';
import type { RequestWithActor } from './auth.guard';

/** The verified caller of a route declared with `@Allow(...)`. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('@CurrentActor() is only for routes declared with @Allow(...)');
  return actor;
});
