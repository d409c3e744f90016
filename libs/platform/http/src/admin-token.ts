import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors';

/**
 * The administrator a bearer token belongs to (tokens: sha256 hex -> id, from config), as
 * `admin:<id>`: 401 without a token, 403 for one that is not an administrator's.
 */
export function administratorOf(authorization: string | undefined, tokens: ReadonlyMap<string, string>, what: string): string {
  const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new ApiError(401, 'An administrator token is required (Authorization: Bearer <token>).');
  const hash = createHash('sha256').update(token).digest();
  for (const [known, id] of tokens) {
    if (timingSafeEqual(hash, Buffer.from(known, 'hex'))) return `admin:${id}`;
  }
  throw new ApiError(403, `Only an administrator may ${what}.`);
}
