import { ErasedSubjects, type Subjects } from './erased-subjects';

/** For unit tests: the same contract as the TypeORM one, in a Set. */
export class InMemoryErasedSubjects extends ErasedSubjects {
  readonly erased = new Set<string>();

  async mark(tenantId: string, s: Subjects): Promise<void> {
    for (const id of s.caseIds) this.erased.add(`${tenantId}/case/${id}`);
    for (const id of s.citizenIds) this.erased.add(`${tenantId}/citizen/${id}`);
  }

  async among(tenantId: string, s: Subjects): Promise<{ cases: Set<string>; citizens: Set<string> }> {
    return {
      cases: new Set(s.caseIds.filter((id) => this.erased.has(`${tenantId}/case/${id}`))),
      citizens: new Set(s.citizenIds.filter((id) => this.erased.has(`${tenantId}/citizen/${id}`))),
    };
  }
}
