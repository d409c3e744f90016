import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from '@city/platform-queue';
import { asUser, serviceTokenOf } from './keycloak-tokens';

/**
 * A service's job queues board (Bull Board at `/admin/queues`, `useQueueBoard`), against the running
 * service and the real Keycloak: no token 401, every other staff role, another city's agent and a
 * service token 403, an administrator's token 200 with the service's queues listed; the session
 * cookie a browser uses (HttpOnly, SameSite=Strict, scoped to the board) opening the page and
 * everything it loads; behind a proxy's prefix; the queues read-only.
 */
export function describeQueueBoard(o: {
  app: string;
  start: () => Promise<{ url: string; close: () => Promise<void> }>;
  /** The BullMQ queues the service runs, each of which the board must list. */
  queues: string[];
}): void {
  describe(`${o.app}: the job queues board at ${QUEUE_BOARD_PATH} (real Keycloak, Redis)`, () => {
    let running: { url: string; close: () => Promise<void> } | undefined;
    let url = '';
    beforeAll(async () => {
      running = await o.start();
      url = running.url;
    }, 90_000);
    afterAll(async () => running?.close());

    const api = `${QUEUE_BOARD_PATH}/api/queues`;
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, { headers, redirect: 'manual' });

    it('lets in administrators only: 401 without a token, 403 for every other role, the queues for admin-1', async () => {
      const none = await get(api);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(await none.json()).toMatchObject({
        statusCode: 401,
        message: expect.stringMatching(/^Sign in/),
      });
      expect((await get(`${QUEUE_BOARD_PATH}`)).status).toBe(401);
      expect((await get(api, { authorization: 'Bearer not-a-token' })).status).toBe(401);

      for (const user of ['ops-1', 'supervisor-1', 'agent-17', 'clerk-9', 'anna', 'agent-other'] as const) {
        const res = await get(api, await asUser(user));
        expect([user, res.status]).toEqual([user, 403]);
      }
      const service = await get(api, {
        authorization: `Bearer ${await serviceTokenOf('notification-service')}`,
      });
      expect(service.status).toBe(403);

      const admin = await get(api, await asUser('admin-1'));
      expect(admin.status).toBe(200);
      const body = (await admin.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
      expect(body.queues.map((q) => q.name).sort()).toEqual(expect.arrayContaining(o.queues));
      expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    });

    it('gives a browser a session cookie for the board alone, which opens the page and all it loads', async () => {
      // Only with a bearer token of an administrator.
      const cookieOnly = await fetch(`${url}${QUEUE_BOARD_PATH}/session`, { method: 'POST' });
      expect(cookieOnly.status).toBe(401);
      const ops = await fetch(`${url}${QUEUE_BOARD_PATH}/session`, {
        method: 'POST',
        headers: await asUser('ops-1'),
      });
      expect(ops.status).toBe(403);
      const opened = await fetch(`${url}${QUEUE_BOARD_PATH}/session`, {
        method: 'POST',
        headers: await asUser('admin-1'),
      });
      expect(opened.status).toBe(204);
      const setCookie = opened.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(new RegExp(`^${QUEUE_BOARD_COOKIE}=[\\w-]+\\.[\\w-]+\\.[\\w-]+;`));
      expect(setCookie).toContain(`Path=${QUEUE_BOARD_PATH};`);
      expect(setCookie).toMatch(/; HttpOnly; SameSite=Strict/);
      const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
      expect(maxAge).toBeGreaterThan(30);
      expect(maxAge).toBeLessThanOrEqual(24 * 3600);
      const cookie = { cookie: setCookie.split(';')[0] };

      expect((await get(api, cookie)).status).toBe(200);
      const page = await get(QUEUE_BOARD_PATH, cookie);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const html = await page.text();
      expect(html).toContain(`<base href="${QUEUE_BOARD_PATH}/"`);
      expect(html).not.toContain('googleapis');
      const loads = [...html.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1]);
      expect(loads.length).toBeGreaterThan(2);
      const failing: string[] = [];
      for (const asset of loads) {
        const res = await get(`${QUEUE_BOARD_PATH}/${asset}`, cookie);
        await res.arrayBuffer();
        if (res.status !== 200) failing.push(`${asset}: ${res.status}`);
      }
      expect(failing).toEqual([]);
      // A page of the board's own (a queue) is the same page; the static files need the session too.
      expect((await get(`${QUEUE_BOARD_PATH}/queue/${o.queues[0]}`, cookie)).status).toBe(200);
      expect((await get(`${QUEUE_BOARD_PATH}/${loads[0]}`)).status).toBe(401);

      // A cookie whose token was altered opens nothing, and is taken back.
      const [name, value] = cookie.cookie.split('=');
      const altered = await get(api, { cookie: `${name}=${value.slice(0, -4)}AAAA` });
      expect(altered.status).toBe(401);
      expect(altered.headers.get('set-cookie')).toMatch(new RegExp(`^${QUEUE_BOARD_COOKIE}=; .*Max-Age=0`));

      // Signing out takes the cookie back.
      const out = await fetch(`${url}${QUEUE_BOARD_PATH}/session`, { method: 'DELETE' });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    });

    it('behind a proxy that mounts the service under a prefix, links and cookie follow the prefix', async () => {
      const proxied = { 'x-forwarded-prefix': '/svc/service' };
      const opened = await fetch(`${url}${QUEUE_BOARD_PATH}/session`, {
        method: 'POST',
        headers: { ...(await asUser('admin-1')), ...proxied },
      });
      expect(opened.headers.get('set-cookie')).toContain(`Path=/svc/service${QUEUE_BOARD_PATH};`);
      const page = await get(QUEUE_BOARD_PATH, { ...(await asUser('admin-1')), ...proxied });
      expect(await page.text()).toContain(`<base href="/svc/service${QUEUE_BOARD_PATH}/"`);
    });

    it('shows the queues read-only: an administrator cannot pause, empty or add to them here', async () => {
      const admin = await asUser('admin-1');
      const queue = encodeURIComponent(o.queues[0]);
      const pause = await fetch(`${url}${api}/${queue}/pause`, { method: 'PUT', headers: admin });
      expect(pause.status).toBe(405);
      const empty = await fetch(`${url}${api}/${queue}/empty`, { method: 'PUT', headers: admin });
      expect(empty.status).toBe(405);
      const listed = (await (await get(api, admin)).json()) as {
        queues: Array<{ name: string; isPaused: boolean }>;
      };
      expect(listed.queues.find((q) => q.name === o.queues[0])?.isPaused).toBe(false);
    });
  });
}
