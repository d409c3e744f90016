import { z } from 'zod';
import { CHANNELS } from '../channels';
import { EventContract, EventEnvelope } from '../envelope';
import { REFERENCE_PATTERN } from '../reference';

/**
 * A citizen answered "How satisfied are you with how we handled your request?" (asked once per case,
 * after its first resolution) on a scale of 1 (very dissatisfied) to 5 (very satisfied). Topic:
 * case.events.v1, keyed by case id, written by the case record in the transaction that records the
 * answer.
 *
 * One answer counts per case: while the answer window is open the citizen may change it (a wrong tap),
 * and each change is a new SatisfactionRecorded with `previousScore` set. A report takes the latest
 * event per `caseId`. `serviceCode` and `channelOfOrigin` are the case's, so a standard-of-service report
 * can fold the answer without another look-up; `resolvedAt` is the resolution the question was asked
 * about (the case's first).
 */
export const SATISFACTION_RECORDED = 'SatisfactionRecorded' as const;

/** The scale, 1 to 5. */
export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;
export type SatisfactionScore = (typeof SATISFACTION_SCORES)[number];
export const satisfactionScoreSchema = z.number().int().min(1).max(5);

/** The scale in English words (the services' language of record; screens and templates say it in the citizen's). */
export const SATISFACTION_WORDS: Record<SatisfactionScore, string> = {
  1: 'very dissatisfied',
  2: 'dissatisfied',
  3: 'neither satisfied nor dissatisfied',
  4: 'satisfied',
  5: 'very satisfied',
};

/**
 * How the answer came: the signed link of the emailed question (`email`), a reply to the texted
 * question (`sms`), or the request's page in the portal, by reference and second factor or signed in
 * (`portal`).
 */
export const SATISFACTION_VIA = ['email', 'sms', 'portal'] as const;
export type SatisfactionVia = (typeof SATISFACTION_VIA)[number];

export const satisfactionRecordedV1PayloadSchema = z.object({
  caseId: z.uuid(),
  reference: z.string().regex(REFERENCE_PATTERN),
  serviceCode: z.string().min(1),
  channelOfOrigin: z.enum(CHANNELS),
  score: satisfactionScoreSchema,
  /** The answer this one replaces, or null for the case's first answer. */
  previousScore: satisfactionScoreSchema.nullable(),
  via: z.enum(SATISFACTION_VIA),
  /** When the case was first resolved: the resolution the question was about. */
  resolvedAt: z.iso.datetime({ offset: true }),
  /** When the citizen answered. */
  at: z.iso.datetime({ offset: true }),
});
export type SatisfactionRecordedV1Payload = z.infer<typeof satisfactionRecordedV1PayloadSchema>;
export type SatisfactionRecordedV1 = EventEnvelope<
  typeof SATISFACTION_RECORDED,
  SatisfactionRecordedV1Payload
>;

export const satisfactionRecordedV1: EventContract<
  typeof SATISFACTION_RECORDED,
  SatisfactionRecordedV1Payload
> = {
  type: SATISFACTION_RECORDED,
  version: 1,
  schema: satisfactionRecordedV1PayloadSchema,
  example: {
    eventId: '2c8f4e1a-7b3d-4f6e-9a1c-5d2e8f7b4a63',
    type: SATISFACTION_RECORDED,
    version: 1,
    occurredAt: '2026-12-03T09:41:00.000Z',
    tenantId: 'default',
    correlationId: '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
    causationId: null,
    payload: {
      caseId: '6a1f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
      reference: 'EA49-HVS1-TVR',
      serviceCode: 'pothole',
      channelOfOrigin: 'phone',
      score: 4,
      previousScore: null,
      via: 'sms',
      resolvedAt: '2026-12-01T15:20:00.000Z',
      at: '2026-12-03T09:41:00.000Z',
    },
  },
};
