import i18n from 'i18next';

/** The services a web app talks to, each behind `/svc/<name>` on the app's own origin (docs/console.md). */
export type Service = 'gateway' | 'cases' | 'workflow' | 'notifications' | 'ops';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** An answer other than 2xx, in the platform's one error shape (status, message, the fields at fault). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly code?: string,
  ) {
    super(message);
  }
  /** The reason given for one field (or a part of it: `location.lat`, `file[1]`), if the service named it. */
  reasonFor(field: string): string | undefined {
    return this.fields.find(
      (f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`),
    )?.reason;
  }
}

export const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 409;

export interface Api {
  get<T>(service: Service, path: string): Promise<T>;
  /** JSON, or multipart when the body is a FormData (files). */
  send<T>(service: Service, method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
  /** A response as it comes (for streams: server-sent events). */
  raw(service: Service, path: string, init?: RequestInit): Promise<Response>;
}

async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as {
    message?: string;
    errors?: FieldProblem[];
    code?: string;
  } | null;
  return new ApiError(res.status, body?.message ?? res.statusText, body?.errors ?? [], body?.code);
}

/** A client that sends the signed-in person's access token (none on public screens). */
export function createApi(
  token: () => string | undefined,
  /** The city a call is for where nobody signs in and the page says which (X-City); a token's city wins. */
  city: () => string | undefined = () => undefined,
): Api {
  const headers = (extra: Record<string, string> = {}) => {
    const t = token();
    const c = city();
    return {
      accept: 'application/json',
      'accept-language': i18n.language || 'en',
      ...(t ? { authorization: `Bearer ${t}` } : {}),
      ...(c ? { 'x-city': c } : {}),
      ...extra,
    };
  };
  const raw = (service: Service, path: string, init: RequestInit = {}) =>
    fetch(`/svc/${service}${path}`, {
      ...init,
      headers: { ...headers(), ...(init.headers as Record<string, string> | undefined) },
    });
  const parse = async <T>(res: Response): Promise<T> => {
    if (!res.ok) throw await failure(res);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  };
  return {
    raw,
    get: async (service, path) => parse(await raw(service, path)),
    send: async (service, method, path, body) =>
      parse(
        await raw(
          service,
          path,
          // A form with files goes as multipart (the browser writes its boundary); anything else as JSON.
          body instanceof FormData
            ? { method, body }
            : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) },
        ),
      ),
  };
}

/** The reason a service gave for one field of a refused request, if it named that field. */
export const fieldReason = (error: unknown, field: string): string | undefined =>
  error instanceof ApiError ? error.reasonFor(field) : undefined;

/** Hands the browser a JSON document to save as a file (an export: the person keeps it, or takes it elsewhere). */
export function saveJson(data: unknown, filename: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
