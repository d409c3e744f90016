import type { AgentScreenPop } from '../../shared/api/types';
import { useEventStream, type StreamState } from '../../shared/api/use-event-stream';

export type LineState = StreamState;

/**
 * The agent's own calls, live: the case-service's server-sent events (GET /api/v1/agent/screen-pops),
 * read as the signed-in agent (shared/api/use-event-stream: the token in a header, opened again when
 * it drops). The line is up once the service's `open` event has come.
 */
export function useScreenPops(onPop: (pop: AgentScreenPop) => void): LineState {
  return useEventStream('cases', '/api/v1/agent/screen-pops', (event, data) => {
    if (event === 'screen-pop') onPop(JSON.parse(data) as AgentScreenPop);
  });
}
