import type { CaseRow, StatusMove } from './fold-fact';

/** Where the folded cases are kept: the port the projection's use case needs. */
export abstract class CaseProjectionRepository {
  /** The cases with these ids, locked for the transaction (facts of a case on two topics fold one at a time). */
  abstract lockRows(caseIds: string[]): Promise<Map<string, CaseRow>>;
  /** Writes the rows as they are now (insert or replace). */
  abstract saveRows(rows: CaseRow[]): Promise<void>;
  /** Closes each case's open status span at the move's time and opens the next, in order. */
  abstract moveStatuses(moves: StatusMove[]): Promise<void>;
}
