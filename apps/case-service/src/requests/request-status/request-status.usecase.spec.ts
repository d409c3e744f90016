import { recordFixture, ref } from '../../record/record-fixture';
import { RequestStatusUseCase } from './request-status.usecase';

describe('the IVR asks for a status by reference', () => {
  it('finds the case as read out (spaces, lower case) and says not-found otherwise', async () => {
    const { record, config } = recordFixture();
    const status = new RequestStatusUseCase(record.caseRepository, config);
    record.addCase({ reference: ref('a'), status: 'in-progress' });
    await expect(status.execute(ref('a').toLowerCase().replace(/-/g, ' '))).resolves.toMatchObject({
      status: 'in-progress',
    });
    await expect(status.execute(ref('b'))).rejects.toMatchObject({ kind: 'not-found' });
  });
});
