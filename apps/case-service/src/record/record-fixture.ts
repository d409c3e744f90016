import { referenceFromKey } from '@city/domain-intake';
import { FakeOutbox, FakeTransaction } from '@city/platform-testing/fakes';
import { CaseHistory } from './case-history';
import { InMemoryRecord } from './in-memory-record';

/** The record in memory with the ports a use case of this service takes, for its unit test. */
export function recordFixture() {
  const record = new InMemoryRecord();
  const outbox = new FakeOutbox();
  const tx = new FakeTransaction();
  const history = new CaseHistory(record.caseRepository, outbox);
  const config = { TENANT_ID: 'default', DEFAULT_COUNTRY: 'GB', DUPLICATE_RADIUS_BY_SERVICE: {} };
  return { record, outbox, tx, history, config };
}

/** A valid reference (with its check character), the same for the same name. */
export const ref = (name: string) => referenceFromKey('default', name);
