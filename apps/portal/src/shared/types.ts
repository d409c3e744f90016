import type { OwnCases } from '@city/contracts';

/** GET /api/v1/services?lang=&channel=web (intake-gateway): the services offered on the web, in one language. */
export interface ServiceSummary {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string[];
  locationRequired: boolean;
  promise: string;
}

/**
 * A request as its citizen may see it (case-service `GET /api/v1/requests/:reference?email=|phone=`,
 * and each of `GET /api/v1/me/cases`), as the contracts define it.
 */
export type CitizenRequestView = OwnCases['cases'][number];
export type CitizenTimelineLine = CitizenRequestView['timeline'][number];

/** GET /api/v1/inbox?reference=&email=|phone= (notification-service): the messages sent about it. */
export interface Inbox {
  messages: Array<{
    id: string;
    reference: string;
    subject: string;
    text: string;
    language: string;
    at: string;
  }>;
}
