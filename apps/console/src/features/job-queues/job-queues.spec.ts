import type { Api } from '../../shared/api/client';
import { boardUrl, openBoard } from './job-queues';

describe('opening a job queues board', () => {
  const api = (send: Api['send']): Api => ({ get: jest.fn(), raw: jest.fn(), send });

  it('sets the board session with the service first, then opens the board through the console’s proxy', async () => {
    const calls: string[] = [];
    const send = jest.fn(async (service: string, method: string, path: string) => {
      calls.push(`${method} ${service} ${path}`);
      return undefined as never;
    });
    await openBoard(api(send), 'notifications', (url) => calls.push(`open ${url}`));
    expect(calls).toEqual([
      'POST notifications /admin/queues/session',
      'open /svc/notifications/admin/queues/',
    ]);
    expect(boardUrl('workflow')).toBe('/svc/workflow/admin/queues/');
  });

  it('opens nothing when the service refuses the session', async () => {
    const open = jest.fn();
    const refused = api(async () => {
      throw Object.assign(new Error('Only an administrator may see the job queues.'), { status: 403 });
    });
    await expect(openBoard(refused, 'workflow', open)).rejects.toMatchObject({ status: 403 });
    expect(open).not.toHaveBeenCalled();
  });
});
