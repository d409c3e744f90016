import type { DataSubject } from '@city/contracts';
import { PersonalEventKeys, privacySubjects } from './event-privacy';

/** For unit tests: erases nothing, and remembers every subject it was asked to erase. */
export class RecordedEventKeys extends PersonalEventKeys {
  readonly erased: string[] = [];

  erase(subjects: string[]): Promise<number> {
    this.erased.push(...subjects);
    return Promise.resolve(subjects.length);
  }

  subjectsOf(s: Pick<DataSubject, 'citizenIds' | 'caseIds' | 'caseReferences' | 'contacts'>): string[] {
    return [
      ...s.caseIds.flatMap(privacySubjects.ofCase),
      ...s.caseReferences.flatMap(privacySubjects.ofRequest),
      ...s.citizenIds.flatMap(privacySubjects.ofCitizen),
      ...s.contacts.filter((c) => c.kind === 'phone').map((c) => `caller:${c.value}`),
    ];
  }
}
