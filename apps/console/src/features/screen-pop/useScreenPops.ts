import { useEffect, useRef, useState } from 'react';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { AgentScreenPop } from '../../shared/api/types';
import { useApi } from '../../shared/api/client';

export type LineState = 'connecting' | 'connected' | 'reconnecting';

/**
 * The agent's own calls, live: the case-service's server-sent events (GET /api/v1/agent/screen-pops),
 * read with fetch so the bearer token goes in a header (EventSource cannot send one). A dropped
 * stream is opened again after a pause that grows to 10 s.
 */
export function useScreenPops(onPop: (pop: AgentScreenPop) => void): LineState {
  const api = useApi();
  const [state, setState] = useState<LineState>('connecting');
  const handler = useRef(onPop);
  useEffect(() => {
    handler.current = onPop;
  });
  useEffect(() => {
    const abort = new AbortController();
    let failures = 0;
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await api.raw('cases', '/api/v1/agent/screen-pops', {
            headers: { accept: 'text/event-stream' },
            signal: abort.signal,
          });
          if (!res.ok || !res.body) throw new Error(`screen-pops: ${res.status}`);
          const events = res.body
            .pipeThrough(new TextDecoderStream())
            .pipeThrough(new EventSourceParserStream());
          for await (const e of events) {
            if (e.event === 'open') {
              failures = 0;
              setState('connected');
            } else if (e.event === 'screen-pop') handler.current(JSON.parse(e.data) as AgentScreenPop);
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        setState('reconnecting');
        failures += 1;
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** failures)));
      }
    };
    void run();
    return () => abort.abort();
  }, [api]);
  return state;
}
