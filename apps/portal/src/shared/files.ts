/**
 * What the case-service takes (it decides by the content, not by these): the contracts'
 * DOCUMENT_CONTENT_TYPES and MAX_REPLY_FILES, written out so this screen does not bundle the
 * contracts (files.spec.ts holds them equal).
 */
export const ACCEPTED_FILES =
  'application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif,.pdf,.jpg,.jpeg,.png,.webp,.heic,.heif';
export const MAX_FILES = 5;
