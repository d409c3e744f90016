import type { DataSubject } from '@city/contracts';
import { PersonalEventKeys, privacySubjects } from './event-privacy';

/** For unit tests: erases nothing, and remembers every subject it was asked to erase. */
export class RecordedEventKeys extends PersonalEventKeys {
  readonly erased: string[] = [];

  /** As the key ring: a subject's keys go once; asked again, there is nothing more to erase. */
  erase(subjects: string[]): Promise<number> {
    const fresh = [...new Set(subjects)].filter((x) => !this.erased.includes(x));
    this.erased.push(...fresh);
    return Promise.resolve(fresh.length);
  }

  subjectsOf(s: Pick<DataSubject, 'citizenIds' | 'caseIds' | 'caseReferences' | 'contacts'>): string[] {
    return [
      ...s.caseIds.flatMap(privacySubjects.ofCase),
      ...s.caseReferences.flatMap(privacySubjects.ofRequest),
      ...s.citizenIds.flatMap(privacySubjects.ofCitizen),
      // The real pseudonym needs the master key: here the number itself stands for it.
      ...s.contacts.filter((c) => c.kind === 'phone').map((c) => `agent.screenpops.v1/${c.value}/*`),
    ];
  }
}
