import { recordFixture, ref } from '../../record/record-fixture';
import { FollowRequestUseCase } from './follow-request.usecase';

describe('a citizen follows a request with a second factor', () => {
  const setup = () => {
    const f = recordFixture();
    const anna = f.record.addCitizen({}, [
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    f.record.addCase({ reference: ref('a'), partyId: anna.id });
    return new FollowRequestUseCase(f.record.caseRepository, f.record.citizenRepository, f.config);
  };

  it('shows the request for the email or phone its citizen gave, written any way', async () => {
    const follow = setup();
    await expect(follow.execute(ref('a'), { email: ' Anna@Example.org ' })).resolves.toMatchObject({
      reference: ref('a'),
    });
    await expect(follow.execute(ref('a'), { phone: '07700 900123' })).resolves.toMatchObject({
      reference: ref('a'),
    });
  });

  it('answers a wrong second factor exactly as no such case', async () => {
    const follow = setup();
    const wrong = await follow.execute(ref('a'), { email: 'mallory@example.org' }).catch((e: unknown) => e);
    const none = await follow.execute(ref('none'), { email: 'anna@example.org' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'not-found', code: 'case.not-found' });
    expect(none).toMatchObject({ kind: 'not-found', code: 'case.not-found' });
  });

  it('asks for a second factor', async () => {
    await expect(setup().execute(ref('a'), {})).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'email' }],
    });
  });
});
