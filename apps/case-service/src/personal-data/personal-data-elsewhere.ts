import type {
  DataSubject,
  ErasedElsewhere,
  NotificationPersonalData,
  WorkflowPersonalData,
} from '@city/contracts';

/** What another service holds about a data subject. */
export type HeldElsewhere = NotificationPersonalData | WorkflowPersonalData;

/**
 * The port to the personal data the other services hold (docs/personal-data.md): the case-service
 * alone can tell who a citizen is, so it works out the data subject and asks each service that
 * holds personal data for its part. A service that cannot be reached makes the whole request fail
 * (unavailable, to try again), never an export that silently lacks its part.
 */
export abstract class PersonalDataElsewhere {
  abstract gather(city: string, subject: DataSubject): Promise<HeldElsewhere[]>;
  /** Each service erases its part (idempotent: asked again, it changes nothing more). */
  abstract erase(city: string, subject: DataSubject): Promise<ErasedElsewhere[]>;
}
