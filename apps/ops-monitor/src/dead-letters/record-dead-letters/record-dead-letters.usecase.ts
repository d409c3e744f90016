import { Injectable } from '@nestjs/common';
import { Transaction } from '@city/platform-database';
import type { IncomingDeadLetter } from '../dead-letter';
import { DeadLetterRepository } from '../dead-letter.repository';

/**
 * Keeps the letters read from the dead-letter topics, each once. A letter that repeats another (it
 * came back from a replay and failed again) also tells that the other was put back, which the read
 * model records when the replay was not its own (`npm run dlq:replay`).
 */
@Injectable()
export class RecordDeadLettersUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly letters: DeadLetterRepository,
  ) {}

  async execute(incoming: IncomingDeadLetter[]): Promise<{ added: number }> {
    if (incoming.length === 0) return { added: 0 };
    return this.tx.run(async () => {
      const added = await this.letters.addNew(incoming);
      const repeats = incoming.flatMap((l) =>
        l.replayOf === null ? [] : [{ topic: l.topic, id: l.replayOf, at: l.replayOfAt ?? l.failedAt }],
      );
      if (repeats.length > 0) await this.letters.noteReplayedElsewhere(repeats);
      return { added };
    });
  }
}
