import {
  NOTIFICATION_FACTS_V1,
  WORKFLOW_FACTS_V1,
  WORKFORCE_FACTS_V1,
  caseChangedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  counterVisitEndedV1,
  caseOpenedV1,
  catalogueServicePublishedV1,
  identityOf,
  parseEnvelope,
  reopenPeriodOf,
  requestReceivedV1,
  satisfactionRecordedV1,
  screenPopRequestedV1,
  serviceDefinitionSchema,
  allTopicSpecs,
  answerSatisfactionBodySchema,
  submitRequestBodySchema,
  TOPICS,
} from './index';

describe('event contracts', () => {
  it.each([
    requestReceivedV1,
    screenPopRequestedV1,
    catalogueServicePublishedV1,
    caseOpenedV1,
    caseChangedV1,
    citizenMergedV1,
    citizenMergeReversedV1,
    counterVisitEndedV1,
    satisfactionRecordedV1,
    ...WORKFLOW_FACTS_V1,
    ...NOTIFICATION_FACTS_V1,
    ...WORKFORCE_FACTS_V1,
  ])('the $type v$version example parses', (contract) => {
    const parsed = parseEnvelope(Buffer.from(JSON.stringify(contract.example)), [contract as never]);
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({ eventId: contract.example.eventId }),
    });
  });

  it('an unknown version is refused with the reason', () => {
    const raw = JSON.stringify({ ...requestReceivedV1.example, version: 9 });
    expect(parseEnvelope(raw, [requestReceivedV1])).toEqual({
      ok: false,
      reason: 'unknown event RequestReceived v9',
    });
  });

  it('a payload that breaks its schema is refused and names the field', () => {
    const bad = {
      ...requestReceivedV1.example,
      payload: { ...requestReceivedV1.example.payload, channel: 'fax' },
    };
    const parsed = parseEnvelope(JSON.stringify(bad), [requestReceivedV1]);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain('channel');
  });

  it('a value that is not JSON is refused', () => {
    expect(parseEnvelope('{nope', [requestReceivedV1])).toEqual({
      ok: false,
      reason: 'message value is not JSON',
    });
  });

  it('a list attribute without values is refused', () => {
    const svc = {
      ...catalogueServicePublishedV1.example.payload,
      attributes: [{ code: 'kind', datatype: 'singlevaluelist', order: 1, description: { en: 'x' } }],
    };
    const r = serviceDefinitionSchema.safeParse(svc);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('needs at least one value');
  });

  it('every topic has a dead-letter topic and the catalogue topic is compacted', () => {
    const specs = allTopicSpecs();
    expect(specs.find((t) => t.name === `${TOPICS.intakeRequests}.dlq`)).toBeDefined();
    expect(specs.find((t) => t.name === TOPICS.catalogueServices)?.compacted).toBe(true);
  });
});

describe('request submissions', () => {
  const body = (mediaUrls: string[]) => ({ serviceCode: 'pothole', mediaUrls });

  it.each([
    'javascript:alert(document.cookie)',
    'http://photos.example.org/pothole.jpg',
    'data:image/png;base64,AAAA',
    'ftp://photos.example.org/p.jpg',
  ])('refuses a media URL %s, naming the field', (url) => {
    const r = submitRequestBodySchema.safeParse(body(['https://photos.example.org/ok.jpg', url]));
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['mediaUrls', 1], message: expect.stringMatching(/https/) }),
    ]);
  });

  it('accepts https media URLs', () => {
    expect(submitRequestBodySchema.safeParse(body(['https://photos.example.org/pothole.jpg'])).success).toBe(
      true,
    );
  });
});

describe("who may ask for a service (the catalogue's identity)", () => {
  const service = (extra: Record<string, unknown>) =>
    serviceDefinitionSchema.parse({ ...catalogueServicePublishedV1.example.payload, ...extra });

  it('without one, an application needs a contact and anything else may be anonymous', () => {
    expect(identityOf(service({ interaction: 'applications-for-service' }))).toBe('contact');
    for (const interaction of ['reporting', 'providing-information', 'paying-for-goods-and-services'])
      expect(identityOf(service({ interaction }))).toBe('anonymous');
  });

  it("a service's own rule wins, and nothing is written when it has none (files keep their content)", () => {
    expect(identityOf(service({ interaction: 'applications-for-service', identity: 'anonymous' }))).toBe(
      'anonymous',
    );
    expect(identityOf(service({ interaction: 'reporting', identity: 'signed-in' }))).toBe('signed-in');
    expect('identity' in service({})).toBe(false);
    expect(serviceDefinitionSchema.safeParse({ ...service({}), identity: 'citizen' }).success).toBe(false);
  });
});

describe("how long a resolved request may be reopened (the catalogue's reopenWithin)", () => {
  const service = (extra: Record<string, unknown>) =>
    serviceDefinitionSchema.parse({ ...catalogueServicePublishedV1.example.payload, ...extra });
  const city = { value: 5, unit: 'working-days' } as const;

  it("is the service's own period, or the city's; nothing is written when it has none (files keep their content)", () => {
    const sixWeeks = { value: 42, unit: 'calendar-days' } as const;
    expect(reopenPeriodOf(service({ reopenWithin: sixWeeks }), city)).toEqual(sixWeeks);
    expect(reopenPeriodOf(service({}), city)).toEqual(city);
    expect(reopenPeriodOf(undefined, city)).toEqual(city);
    expect('reopenWithin' in service({})).toBe(false);
  });

  it('takes the units of the service levels only, and a positive value', () => {
    for (const reopenWithin of [
      { value: 6, unit: 'weeks' },
      { value: 0, unit: 'calendar-days' },
      { value: 5, unit: 'working-days', from: 'decision' },
    ])
      expect(serviceDefinitionSchema.safeParse({ ...service({}), reopenWithin }).success).toBe(false);
  });
});

describe('the satisfaction question', () => {
  it('an answer is a whole score from 1 to 5, and the event says so at its field', () => {
    for (const score of [0, 6, 2.5, '4'])
      expect(
        parseEnvelope(
          JSON.stringify({
            ...satisfactionRecordedV1.example,
            payload: { ...satisfactionRecordedV1.example.payload, score },
          }),
          [satisfactionRecordedV1],
        ),
      ).toEqual({ ok: false, reason: expect.stringContaining('score') });
  });

  it("a citizen's answer carries the request's second factor and nothing else", () => {
    expect(answerSatisfactionBodySchema.safeParse({ email: 'a@example.org', score: 5 }).success).toBe(true);
    expect(answerSatisfactionBodySchema.safeParse({ phone: '06 1234 5678', score: 1 }).success).toBe(true);
    expect(answerSatisfactionBodySchema.safeParse({ score: 3 }).error?.issues[0].path).toEqual(['email']);
    expect(
      answerSatisfactionBodySchema.safeParse({ email: 'a@example.org', score: 3, via: 'sms' }).success,
    ).toBe(false);
  });
});
