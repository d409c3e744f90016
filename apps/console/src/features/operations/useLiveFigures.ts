import { useRef, useState } from 'react';
import { useEventStream, type StreamState } from '../../shared/api/use-event-stream';
import { liveChanges, type LiveChange } from './live-changes';
import type { LiveFigures } from './ops-types';

export interface LiveBoardState {
  figures: LiveFigures | null;
  state: StreamState;
  /** The changes the latest push that brought any worth announcing brought. */
  changes: LiveChange[];
}

/**
 * The ops-monitor's live board as it changes: the `figures` events of GET /api/v1/live/stream (one at
 * once, then one after facts changed it, at most every second), read as the signed-in person.
 */
export function useLiveFigures(): LiveBoardState {
  const [figures, setFigures] = useState<LiveFigures | null>(null);
  const [changes, setChanges] = useState<LiveChange[]>([]);
  const last = useRef<LiveFigures | null>(null);
  const state = useEventStream('ops', '/api/v1/live/stream', (event, data) => {
    if (event !== 'figures') return;
    const next = JSON.parse(data) as LiveFigures;
    const found = liveChanges(last.current, next);
    last.current = next;
    setFigures(next);
    if (found.length > 0) setChanges(found);
  });
  return { figures, state, changes };
}
