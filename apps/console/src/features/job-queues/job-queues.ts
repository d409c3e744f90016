import type { Api } from '../../shared/api/client';

/** The services with a job queues board (Bull Board, libs/platform/queue): timers and reminders, and sending. */
export const BOARDS = ['workflow', 'notifications'] as const;
export type Board = (typeof BOARDS)[number];

/** Where a board is, through the console's own origin (the proxy tells the service its prefix). */
export const boardUrl = (service: Board): string => `/svc/${service}/admin/queues/`;

/**
 * Opens a service's board: a page the browser opens cannot carry the administrator's token, so the
 * service first sets its board session (the token in an HttpOnly cookie for the board's path alone,
 * as long as the token lasts), then the board opens in a new tab.
 */
export async function openBoard(api: Api, service: Board, open: (url: string) => void): Promise<void> {
  await api.send(service, 'POST', '/admin/queues/session');
  open(boardUrl(service));
}
