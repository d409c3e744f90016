import type { AgentScreenPop } from '../../shared/api/types';

/**
 * The calls that popped in this tab, by call id. The call page reads the caller's number and
 * record from here, so neither goes into the address (browser history, a proxy's log) — only the
 * switch's call id does. A reload forgets them, as the switch has moved on by then.
 */
const recent = new Map<string, AgentScreenPop>();

export function rememberPop(pop: AgentScreenPop): void {
  recent.set(pop.callId, pop);
  while (recent.size > 20) recent.delete(recent.keys().next().value as string);
}

export const popOf = (callId: string): AgentScreenPop | undefined => recent.get(callId);
