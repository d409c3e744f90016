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

/** GET /api/v1/requests/:reference?email=|phone= (case-service): a request as its citizen may see it. */
export interface CitizenRequestView {
  reference: string;
  service: string;
  status: string;
  receivedAt: string;
  /** The status in a sentence, as the phone line (IVR) says it too. */
  summary: string;
  expectedBy?: string | null;
  timeline?: Array<{ at: string; kind: string; text: string }>;
  duplicateOf?: { reference: string; status: string; expectedBy: string | null } | null;
}

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
