import { useEffect, useRef, useState } from 'react';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { Service } from '@city/web-kit';
import { useApi } from './client';

export type StreamState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** The services send a heartbeat every 20 s; a stream silent for longer than this is dead. */
const SILENCE_MS = 45_000;

/**
 * A service's server-sent events as the signed-in person: read with fetch so the bearer token goes in
 * a header (EventSource cannot send one), parsed with eventsource-parser. The first event says the
 * stream is up; a dropped or silent stream is opened again after a pause that grows to 10 s; a
 * refused one (401, 403) says so and is tried again slowly (a renewed token may help). The token is
 * read at each attempt, so a renewal does not close an open stream.
 */
export function useEventStream(
  service: Service,
  path: string,
  onEvent: (event: string, data: string) => void,
): StreamState {
  const api = useApi();
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
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
          const res = await api.raw(service, path, {
            headers: { accept: 'text/event-stream' },
            signal: attempt.signal,
          });
          if (res.status === 401 || res.status === 403) setState('refused');
          if (!res.ok || !res.body) throw new Error(`${path}: ${res.status}`);
          const events = res.body
            .pipeThrough(new TextDecoderStream())
            .pipeThrough(new EventSourceParserStream());
          for await (const e of events) {
            alive();
            failures = 0;
            setState('connected');
            handler.current(e.event ?? 'message', e.data);
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
  }, [api, service, path]);
  return state;
}
