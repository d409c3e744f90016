import { boardPage, cookieOf, forwardedPrefix, secondsLeft } from './queue-board';

const req = (headers: Record<string, string>) => ({ headers });
const jwt = (payload: object) =>
  ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join('.');

describe('the job queues board', () => {
  it('takes the path prefix a proxy took off, and nothing that is not a plain path', () => {
    expect(forwardedPrefix(req({ 'x-forwarded-prefix': '/svc/workflow' }))).toBe('/svc/workflow');
    expect(forwardedPrefix(req({ 'x-forwarded-prefix': '/svc/workflow/' }))).toBe('/svc/workflow');
    expect(forwardedPrefix(req({}))).toBe('');
    for (const bad of ['svc', '/svc/"><script>', '//evil.example', '/a b', `/${'x'.repeat(300)}`])
      expect(forwardedPrefix(req({ 'x-forwarded-prefix': bad }))).toBe('');
  });

  it('reads its cookie among others', () => {
    expect(cookieOf(req({ cookie: 'a=1; city-queue-board=tok.en.x; b=2' }), 'city-queue-board')).toBe(
      'tok.en.x',
    );
    expect(cookieOf(req({ cookie: 'xcity-queue-board=1' }), 'city-queue-board')).toBeUndefined();
    expect(cookieOf(req({ cookie: 'city-queue-board=' }), 'city-queue-board')).toBeUndefined();
    expect(cookieOf(req({}), 'city-queue-board')).toBeUndefined();
  });

  it('keeps the session as long as the token lasts', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(secondsLeft(jwt({ exp: now / 1000 + 300 }), now)).toBe(300);
    expect(secondsLeft(jwt({ exp: now / 1000 - 5 }), now)).toBe(0);
    expect(secondsLeft(jwt({}), now)).toBe(0);
    expect(secondsLeft('not a token', now)).toBe(0);
  });

  it('serves its page under the proxy’s prefix, without fetching fonts from Google', () => {
    const html =
      '<head><base href="/admin/queues/" />\n<link href="https://fonts.googleapis.com/css2?family=IBM+Plex" rel="stylesheet">\n<link href="static/css/main.css" rel="stylesheet"></head>';
    const page = boardPage(html, '/svc/workflow');
    expect(page).toContain('<base href="/svc/workflow/admin/queues/" />');
    expect(page).not.toContain('googleapis');
    expect(page).toContain('static/css/main.css');
    expect(boardPage(html, '')).toContain('<base href="/admin/queues/" />');
  });
});
