import { Public } from '@city/platform-auth';
import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  KIOSK_BATCH_MAX,
  kioskBatchBodySchema,
  kioskItemSchema,
  type AcceptedResponse,
  type KioskBatchResponse,
  type KioskDeviceView,
  type KioskItem,
  type KioskItemResult,
} from '@city/contracts';
import type { KioskDevice } from '../clients/clients.registry';
import { ApiError, fieldErrors, parseBody, openApiSchema } from '@city/platform-http';
import { CorrelationId } from '../http/correlation-id.decorator';
import { acceptedOrThrow } from '../submission/outcome';
import { SubmitRequestUseCase, type SubmissionContext } from '../submission/submit-request.usecase';
import { Device, DeviceAuthGuard } from './device-auth.guard';

/**
 * The kiosk channel. A kiosk submits live, or, after being offline, uploads the requests it
 * captured as one batch: every item carries the key the kiosk made when the citizen pressed submit,
 * so re-sending a batch (the answer was lost, the upload was cut) creates nothing twice.
 */
@ApiTags('kiosk')
@ApiBearerAuth()
@UseGuards(DeviceAuthGuard)
@Public('kiosks: the device token is checked by DeviceAuthGuard')
@Controller('api/v1/kiosk')
export class KioskHttpController {
  constructor(private readonly submitRequest: SubmitRequestUseCase) {}

  @Get('device')
  @ApiOperation({
    summary:
      'Who this kiosk is: its device id, location and tenant (a kiosk derives the references of what it captures offline from them)',
  })
  @ApiResponse({ status: 200, description: '{ deviceId, location, tenantId }' })
  @ApiResponse({ status: 401, description: 'No device token, or one not recognised' })
  device(@Device() device: KioskDevice): KioskDeviceView {
    return { deviceId: device.deviceId, location: device.location, tenantId: device.city };
  }

  private context(
    device: KioskDevice,
    item: KioskItem,
    batchId: string | null,
    correlationId: string,
  ): SubmissionContext {
    const capturedAt = new Date(item.capturedAt);
    return {
      city: device.city,
      channel: 'kiosk',
      channelDetails: {
        kind: 'kiosk',
        deviceId: device.deviceId,
        location: device.location,
        batchId,
        capturedOffline: batchId !== null,
      },
      idempotencyKey: `kiosk:${device.deviceId}:${item.idempotencyKey}`,
      submittedAt: capturedAt.getTime() < Date.now() ? capturedAt : undefined,
      correlationId,
    };
  }

  @Post('requests')
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit one request from a kiosk that is online' })
  @ApiBody({ schema: openApiSchema(kioskItemSchema) })
  async submit(
    @Body() body: unknown,
    @Device() device: KioskDevice,
    @CorrelationId() correlationId: string,
  ): Promise<AcceptedResponse> {
    const item = parseBody(kioskItemSchema, body);
    return acceptedOrThrow(
      await this.submitRequest.submit(item, this.context(device, item, null, correlationId)),
    );
  }

  @Post('batches')
  @HttpCode(200)
  @ApiOperation({
    summary: `Upload up to ${KIOSK_BATCH_MAX} requests captured while offline; one result per item`,
  })
  @ApiBody({ schema: openApiSchema(kioskBatchBodySchema) })
  async uploadBatch(
    @Body() body: unknown,
    @Device() device: KioskDevice,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KioskBatchResponse> {
    const batch = parseBody(kioskBatchBodySchema, body);
    const batchId = batch.batchId ?? null;
    const seen = new Set<string>();
    const results: KioskItemResult[] = await Promise.all(
      batch.items.map(async (raw, index): Promise<KioskItemResult> => {
        const key =
          typeof (raw as { idempotencyKey?: unknown })?.idempotencyKey === 'string'
            ? (raw as { idempotencyKey: string }).idempotencyKey
            : null;
        const parsed = kioskItemSchema.safeParse(raw);
        if (!parsed.success)
          return {
            index,
            idempotencyKey: key,
            status: 'rejected',
            statusCode: 400,
            errors: fieldErrors(parsed.error, `items[${index}]`),
          };
        if (seen.has(parsed.data.idempotencyKey)) {
          return {
            index,
            idempotencyKey: key,
            status: 'rejected',
            statusCode: 400,
            errors: [{ field: `items[${index}].idempotencyKey`, reason: 'repeated within this batch' }],
          };
        }
        seen.add(parsed.data.idempotencyKey);
        const outcome = await this.submitRequest.submit(
          parsed.data,
          this.context(device, parsed.data, batchId ?? correlationId, correlationId),
        );
        if (outcome.ok)
          return {
            index,
            idempotencyKey: key,
            status: 'accepted',
            reference: outcome.response.reference,
            duplicate: outcome.response.duplicate,
          };
        if (outcome.status === 503 || outcome.status === 409) {
          return {
            index,
            idempotencyKey: key,
            status: 'failed',
            statusCode: outcome.status,
            message: outcome.message,
          };
        }
        return {
          index,
          idempotencyKey: key,
          status: 'rejected',
          statusCode: outcome.status,
          errors: outcome.errors.map((e) => ({ ...e, field: `items[${index}].${e.field}` })),
        };
      }),
    );
    const count = (s: KioskItemResult['status']) => results.filter((r) => r.status === s).length;
    const failed = count('failed');
    if (failed > 0) reply.header('Retry-After', '5');
    if (failed === results.length && results.every((r) => r.status === 'failed' && r.statusCode === 503)) {
      throw new ApiError(
        503,
        'Kafka is unavailable; nothing in this batch was accepted. Re-send the whole batch later.',
        undefined,
        5,
      );
    }
    return {
      batchId,
      deviceId: device.deviceId,
      accepted: count('accepted'),
      rejected: count('rejected'),
      failed,
      results,
    };
  }
}
