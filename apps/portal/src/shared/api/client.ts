import { createApi } from '@city/web-kit';

/** The portal's API: citizens here are anonymous (the second factor proves a request is theirs). */
export const api = createApi(() => undefined);
