import { useLayoutEffect } from 'react';
import { useAuth } from 'react-oidc-context';
import { createApi, type Api } from '@city/web-kit';

export { ApiError, isConflict, type Api } from '@city/web-kit';

/** The signed-in person's access token, as the one API client reads it at each call. */
let accessToken: string | undefined;

/**
 * Keeps the token where the API client reads it (rendered inside the AuthProvider, before the
 * screens). A renewed token changes nothing else: an open event stream stays open.
 */
export function TokenBridge() {
  const auth = useAuth();
  const token = auth.user?.access_token;
  useLayoutEffect(() => {
    accessToken = token;
  }, [token]);
  return null;
}

const staffApi = createApi(() => accessToken);

/** The API as the signed-in user. */
export const useApi = (): Api => staffApi;

/** For screens anyone may see (the waiting-room display). */
export const publicApi = createApi(() => undefined);
