/**
 * What became of a letter asked to go back: `replayed` now; `replayed-before`, put back earlier by a
 * replay the read model did not record (`npm run dlq:replay`); `expired`, gone from the topic (its
 * retention); `not-reached`, still there but the replay stopped before it (it says why in the log).
 */
export type ReplayOutcome = 'replayed' | 'replayed-before' | 'expired' | 'not-reached';

/** Puts dead letters back on their original topic. */
export abstract class DeadLetterReplayer {
  /**
   * Puts the letters at these places of `<topic>.dlq` (`partition/offset`) back on `topic`, and says
   * what became of each. Fails with a conflict while another replay of the topic is under way.
   */
  abstract replay(topic: string, ids: string[]): Promise<Map<string, ReplayOutcome>>;
}
