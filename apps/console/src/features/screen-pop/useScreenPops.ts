import { useEffect, useRef, useState } from 'react';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { AgentScreenPop } from '../../shared/api/types';
import { useApi } from '../../shared/api/client';

export type LineState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** The case-service sends a heartbeat every 20 s; a stream silent for longer than this is dead. */
const SILENCE_MS = 45_000;

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
        // One attempt: its own abort, pulled when the page goes or when the stream falls silent.
        const attempt = new AbortController();
        const stop = () => attempt.abort();
        abort.signal.addEventListener('abort', stop);
        let watchdog = setTimeout(stop, SILENCE_MS);
        const alive = () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(stop, SILENCE_MS);
        };
        try {
          const res = await api.raw('cases', '/api/v1/agent/screen-pops', {
            headers: { accept: 'text/event-stream' },
            signal: attempt.signal,
          });
          // Not an agent (any more): say so, and try again slowly (a renewed token may help).
          if (res.status === 401 || res.status === 403) setState('refused');
          if (!res.ok || !res.body) throw new Error(`screen-pops: ${res.status}`);
          const events = res.body
            .pipeThrough(new TextDecoderStream())
            .pipeThrough(new EventSourceParserStream());
          for await (const e of events) {
            alive();
            if (e.event === 'open') {
              failures = 0;
              setState('connected');
            } else if (e.event === 'screen-pop') handler.current(JSON.parse(e.data) as AgentScreenPop);
          }
        } catch {
          if (abort.signal.aborted) return;
        } finally {
          clearTimeout(watchdog);
          abort.signal.removeEventListener('abort', stop);
        }
        setState((s) => (s === 'refused' ? s : 'reconnecting'));
        failures += 1;
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** failures)));
      }
    };
    void run();
    return () => abort.abort();
  }, [api]);
  return state;
}
