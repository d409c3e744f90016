import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerOf, TokenVerifier, type Actor, type RequestWithActor } from '@city/platform-auth';
import { ApiError, toErrorResponse } from '@city/platform-http';
import { JobQueues, type RegisteredQueue } from './job-queues';

/** Where the board is mounted on the service's own port. */
export const QUEUE_BOARD_PATH = '/admin/queues';
/** The board's session cookie: the administrator's access token, sent only to the board's paths. */
export const QUEUE_BOARD_COOKIE = 'city-queue-board';

/**
 * A path prefix a proxy took off before passing the request on (`X-Forwarded-Prefix: /svc/workflow`),
 * so the page's links and the cookie's path are the ones the browser sees. Only plain path segments;
 * anything else is ignored (the header only shapes the answer to the request that carried it).
 */
export function forwardedPrefix(req: Pick<FastifyRequest, 'headers'>): string {
  const raw = req.headers['x-forwarded-prefix'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().replace(/\/+$/, '') ?? '';
  return value.length <= 200 && /^(\/[\w.~-]+)+$/.test(value) ? value : '';
}

/** The value of one cookie of the request, if it has it. */
export function cookieOf(req: Pick<FastifyRequest, 'headers'>, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** Seconds until a (verified) JWT expires, from its `exp` claim; 0 when it has none or is past it. */
export function secondsLeft(token: string, now = Date.now()): number {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp?: unknown;
    };
    return typeof exp === 'number' ? Math.max(0, Math.floor(exp - now / 1000)) : 0;
  } catch {
    return 0;
  }
}

/** The page as the browser should see it: links under the proxy's prefix, and no font fetched from Google. */
export function boardPage(html: string, prefix: string): string {
  return html
    .replace(`<base href="${QUEUE_BOARD_PATH}/"`, `<base href="${prefix}${QUEUE_BOARD_PATH}/"`)
    .replace(/<link[^>]*fonts\.googleapis\.com[^>]*>/g, '');
}

export interface QueueBoardOptions {
  /** The board's title (short: the sidebar shows about 20 characters), e.g. "Workflow jobs". */
  title: string;
}

type Refusal = { status: number; body: unknown; signIn?: boolean };

/**
 * Mounts Bull Board (`@bull-board/api` with its Fastify adapter) at `/admin/queues`, showing the
 * service's BullMQ queues as the `JobQueues` registry holds them (looked at again on each request,
 * so a queue made or closed later shows as it is), for administrators only.
 *
 * Its pages and API are plain Fastify routes, outside Nest's guards, so a hook on the board's prefix
 * checks every request itself with the platform's TokenVerifier: 401 without a valid token of this
 * city, 403 for anyone but a staff member with the `admin` role. The token comes from the
 * `Authorization: Bearer` header (scripts, tests, a proxy that adds it) or from the board's session
 * cookie, for a browser, which cannot add a header to a page it opens:
 *
 * - `POST /admin/queues/session` with an administrator's bearer token sets the cookie
 *   `city-queue-board`: the token itself, HttpOnly (no script reads it), SameSite=Strict (no other
 *   site's page can make the browser send it), Path `/admin/queues` (sent to the board alone), Secure
 *   over HTTPS, and lasting as long as the token. Any replica checks it as it checks a bearer
 *   header; no secret of the service's own is needed. The console signs in this way and then opens
 *   the board.
 * - `DELETE /admin/queues/session` removes it.
 *
 * The queues are shown read-only: a job only wakes the service (what it is about lives in Postgres,
 * and each service's reconciler queues it again), so retrying, adding or removing jobs by hand would
 * do nothing the reconciler does not, or something it should not.
 */
export async function useQueueBoard(app: NestFastifyApplication, o: QueueBoardOptions): Promise<void> {
  const registry = app.get(JobQueues);
  const verifier = app.get(TokenVerifier);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: o.title, hideDocsLink: true } },
  });
  let shown: RegisteredQueue[] = [];
  const showRegisteredQueues = () => {
    const now = registry.all();
    if (now.length === shown.length && now.every((q, i) => q === shown[i])) return;
    board.replaceQueues(now.map((q) => new BullMQAdapter(q.bullMqQueue(), { readOnlyMode: true })));
    shown = now;
  };

  const refuse = (reply: FastifyReply, r: Refusal, cookiePath: string) => {
    if (r.status === 401) {
      void reply.header('WWW-Authenticate', 'Bearer');
      if (r.signIn !== false) void reply.header('Set-Cookie', expiredCookie(cookiePath));
    }
    return reply.code(r.status).header('Cache-Control', 'no-store').send(r.body);
  };
  const refusal = (e: unknown): Refusal => {
    const { body } = toErrorResponse(e);
    return { status: body.statusCode, body };
  };

  /** Who the request's token says the caller is, or why not: the bearer header first, else the session cookie (not to open a session). */
  const callerOf = async (req: FastifyRequest, opening: boolean): Promise<Actor | Refusal> => {
    const token = bearerOf(req) ?? (opening ? undefined : cookieOf(req, QUEUE_BOARD_COOKIE));
    if (!token)
      return {
        ...refusal(
          new ApiError(
            401,
            opening
              ? "Sign in: opening the job queues board needs an administrator's bearer token."
              : "Sign in: the job queues board needs an administrator's bearer token, or the session POST /admin/queues/session sets with one.",
          ),
        ),
        signIn: false,
      };
    let actor: Actor;
    try {
      actor = await verifier.verify(token);
    } catch (e) {
      return refusal(e);
    }
    if (actor.kind !== 'user' || !actor.roles.includes('admin'))
      return refusal(new ApiError(403, 'Only an administrator may see the job queues.'));
    // The queues hold every city's jobs: they are the deployment's, run by its own city's administrators.
    if (!verifier.isOperator(actor))
      return refusal(
        new ApiError(
          403,
          "The job queues are the deployment's: only its own city's administrators see them.",
        ),
      );
    return actor;
  };

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (req, reply) => {
        const session = (req.routeOptions.config as { boardSession?: string } | undefined)?.boardSession;
        if (session === 'close') return;
        const caller = await callerOf(req, session === 'open');
        const cookiePath = `${forwardedPrefix(req)}${QUEUE_BOARD_PATH}`;
        if (!('kind' in caller)) return refuse(reply, caller, cookiePath);
        (req as RequestWithActor).actor = caller;
        showRegisteredQueues();
        void reply.header('X-Frame-Options', 'DENY').header('Referrer-Policy', 'no-referrer');
      });
      scope.addHook('onSend', async (req, reply, payload) => {
        const type = String(reply.getHeader('content-type') ?? '');
        return typeof payload === 'string' && type.startsWith('text/html')
          ? boardPage(payload, forwardedPrefix(req))
          : payload;
      });

      scope.post('/session', { config: { boardSession: 'open' } }, async (req, reply) => {
        const token = bearerOf(req) ?? ''; // the hook let in only a request with an administrator's bearer token
        const path = `${forwardedPrefix(req)}${QUEUE_BOARD_PATH}`;
        const secure = req.protocol === 'https' ? '; Secure' : '';
        return reply
          .code(204)
          .header('Cache-Control', 'no-store')
          .header(
            'Set-Cookie',
            `${QUEUE_BOARD_COOKIE}=${token}; Path=${path}; Max-Age=${secondsLeft(token)}; HttpOnly; SameSite=Strict${secure}`,
          )
          .send();
      });
      scope.delete('/session', { config: { boardSession: 'close' } }, async (req, reply) =>
        reply
          .code(204)
          .header('Set-Cookie', expiredCookie(`${forwardedPrefix(req)}${QUEUE_BOARD_PATH}`))
          .send(),
      );
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}

const expiredCookie = (path: string) =>
  `${QUEUE_BOARD_COOKIE}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict`;
