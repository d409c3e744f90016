import { useMemo } from 'react';
import { useAuth } from 'react-oidc-context';
import { createApi, type Api } from '@city/web-kit';

export { ApiError, isConflict, type Api } from '@city/web-kit';

/** The API as the signed-in user. */
export function useApi(): Api {
  const auth = useAuth();
  const tokenRef = auth.user?.access_token;
  return useMemo(() => createApi(() => tokenRef), [tokenRef]);
}

/** For screens anyone may see (the waiting-room display). */
export const publicApi = createApi(() => undefined);
