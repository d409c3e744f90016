import {
  caseDocumentViewSchema,
  MAX_REPLY_MESSAGE,
  requestReplyFieldsSchema,
  requestReplySchema,
} from './request-reply.dto';

describe("a citizen's reply to a request", () => {
  const document = {
    id: '3b0d4f2e-7c1a-4e8b-9a6d-2f5c8e1b7a90',
    name: 'proof-of-address.pdf',
    contentType: 'application/pdf',
    size: 48_213,
  };

  it('answers the reference, the status after it and the documents kept', () => {
    const answer = { reference: 'EA49-HVS1-TVR', status: 'open', documents: [document] };
    expect(requestReplySchema.parse(answer)).toEqual(answer);
    expect(requestReplySchema.parse({ ...answer, documents: [] })).toEqual({ ...answer, documents: [] });
  });

  it('never names a type the city does not take, nor a negative size', () => {
    for (const bad of [
      { ...document, contentType: 'application/x-msdownload' },
      { ...document, contentType: 'image/gif' },
      { ...document, size: -1 },
      { ...document, name: '' },
    ]) {
      expect(
        requestReplySchema.safeParse({ reference: 'EA49-HVS1-TVR', status: 'open', documents: [bad] })
          .success,
      ).toBe(false);
    }
  });

  it('takes a second factor and a message of at most 2000 characters, and no other field', () => {
    expect(requestReplyFieldsSchema.parse({ email: ' anna@example.org ', message: ' Here it is ' })).toEqual({
      email: 'anna@example.org',
      message: 'Here it is',
    });
    const long = requestReplyFieldsSchema.safeParse({ phone: '07700 900123', message: 'x'.repeat(2001) });
    expect(long.error?.issues).toEqual([expect.objectContaining({ path: ['message'] })]);
    expect(MAX_REPLY_MESSAGE).toBe(2000);
    expect(
      requestReplyFieldsSchema.safeParse({ email: 'anna@example.org', actor: 'agent:x' }).error?.issues,
    ).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['actor'] })]);
  });

  it("gives staff each document's upload time and whether it was scanned", () => {
    const seen = { ...document, uploadedAt: '2026-03-01T09:30:00.000Z', scan: 'not-scanned' };
    expect(caseDocumentViewSchema.parse(seen)).toEqual(seen);
    expect(caseDocumentViewSchema.safeParse({ ...seen, scan: 'infected' }).success).toBe(false);
  });
});
