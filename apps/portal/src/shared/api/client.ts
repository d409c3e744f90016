import { createApi } from '@city/web-kit';
import { citizenToken } from '../auth/citizen-auth';

/**
 * The portal's API. Most citizens here are anonymous (the second factor proves a request is theirs);
 * one who signed in sends their token, and sees all of their own.
 */
export const api = createApi(citizenToken);
