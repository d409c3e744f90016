import { randomUUID } from 'node:crypto';
import { asUser } from '@city/platform-testing';

export { startApp, type RunningApp } from '@city/platform-testing';

export const uniqueSchema = (label: string) => `${label}_${randomUUID().slice(0, 8)}`;

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Polls until the agent API shows the case (to agent-17, signed in), or fails after the timeout. */
export async function waitForCase(
  caseServiceUrl: string,
  reference: string,
  timeoutMs = 20_000,
): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${caseServiceUrl}/api/v1/cases/${reference}`, {
      headers: await asUser('agent-17'),
    }).catch(() => null);
    if (r?.status === 200) return (await r.json()) as CaseView;
    if (Date.now() > deadline) throw new Error(`case ${reference} not visible (${r?.status ?? 'no answer'})`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

export interface CaseView {
  case: {
    id: string;
    reference: string;
    status: string;
    channelOfOrigin: string;
    queue: string;
    priority: number;
    assignee: string | null;
    dueAt: { firstResponse: string | null; resolution: string | null };
    version: number;
    service: { code: string };
  };
  citizen: { id: string; contactPoints: Array<{ kind: string; value: string }> } | null;
  timeline: Array<{ kind: string; actor: string; channel: string | null; summary: string }>;
  interactions: Array<{ channel: string; kind: string; handledBy: string | null }>;
}
