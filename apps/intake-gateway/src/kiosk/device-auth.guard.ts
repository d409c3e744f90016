import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ClientsRegistry, type KioskDevice } from '../clients/clients.registry';
import { ApiError } from '@city/platform-http';

type KioskRequest = FastifyRequest & { kioskDevice?: KioskDevice };

/** Kiosks authenticate with their device token: `Authorization: Bearer <token>`. */
@Injectable()
export class DeviceAuthGuard implements CanActivate {
  constructor(private readonly clients: ClientsRegistry) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<KioskRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) {
      throw new ApiError(401, 'A kiosk device token is required.', [
        { field: 'Authorization', reason: 'missing Bearer device token' },
      ]);
    }
    const device = this.clients.kioskByToken(token);
    if (!device)
      throw new ApiError(401, 'The device token is not recognised.', [
        { field: 'Authorization', reason: 'unknown device token' },
      ]);
    req.kioskDevice = device;
    return true;
  }
}

export const Device = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): KioskDevice =>
    ctx.switchToHttp().getRequest<KioskRequest>().kioskDevice!,
);
