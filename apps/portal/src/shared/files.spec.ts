import { DOCUMENT_CONTENT_TYPES, MAX_REPLY_FILES } from '@city/contracts';
import { ACCEPTED_FILES, MAX_FILES } from './files';

describe("the portal's file field offers what the case-service takes", () => {
  it('every content type the case-service accepts, and as many files', () => {
    const offered = ACCEPTED_FILES.split(',');
    for (const type of DOCUMENT_CONTENT_TYPES) expect(offered).toContain(type);
    expect(offered.filter((t) => t.includes('/')).sort()).toEqual([...DOCUMENT_CONTENT_TYPES].sort());
    expect(MAX_FILES).toBe(MAX_REPLY_FILES);
  });
});
