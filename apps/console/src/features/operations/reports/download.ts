import { ApiError, type Api, type Service } from '@city/web-kit';
import { attachmentName } from './attachment-name';

/**
 * Fetches a file with the signed-in person's token and has the browser save it (from an object URL:
 * no token ever goes into an address, a history or a proxy's log).
 */
export async function downloadFile(
  api: Api,
  service: Service,
  path: string,
  accept: string,
  fallbackName: string,
): Promise<void> {
  const res = await api.raw(service, path, { headers: { accept: `${accept}, application/json` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      message?: string;
      errors?: Array<{ field: string; reason: string }>;
      code?: string;
    } | null;
    throw new ApiError(res.status, body?.message ?? res.statusText, body?.errors ?? [], body?.code);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = attachmentName(res.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Long enough for the browser to have started saving it.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
