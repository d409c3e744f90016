import {
  caseChangedV1,
  caseOpenedV1,
  citizenNotificationRequestedV1,
  informationRequestedV1,
  type CaseChangedV1,
  type UpdateChannel,
} from '@city/contracts';
import { mediaFor, notificationFor } from './index';

const changed = (
  payload: Partial<CaseChangedV1['payload']> & { change: CaseChangedV1['payload']['change'] },
): CaseChangedV1 =>
  ({ ...caseChangedV1.example, payload: { ...caseChangedV1.example.payload, ...payload } }) as CaseChangedV1;

describe('which facts call for a message', () => {
  it('the workflow names the template of received, information needed, resolved and decided', () => {
    expect(notificationFor(citizenNotificationRequestedV1.example)).toEqual({
      template: 'report-received',
      facts: {},
    });
    expect(notificationFor(informationRequestedV1.example)).toEqual({
      template: 'send-proof-of-address',
      facts: {},
    });
  });

  it('a report linked at once to an open case tells its reporter the reference to follow', () => {
    expect(notificationFor(caseOpenedV1.example)).toBeNull();
    const dup = {
      ...caseOpenedV1.example,
      payload: {
        ...caseOpenedV1.example.payload,
        duplicateOf: {
          caseId: caseOpenedV1.example.payload.caseId,
          reference: 'AB12-CD34-EFG',
          distanceMetres: 8,
        },
      },
    };
    expect(notificationFor(dup)).toEqual({
      template: 'duplicate-linked',
      facts: { original: 'AB12-CD34-EFG' },
    });
  });

  it('closing and "not ours" carry the reason; a shared note is passed on, an internal one never', () => {
    expect(
      notificationFor(
        changed({
          change: 'status-changed',
          from: 'resolved',
          to: 'closed',
          reason: 'Closed 5 working days after resolution',
        } as never),
      ),
    ).toEqual({ template: 'case-closed', facts: { reason: 'Closed 5 working days after resolution' } });
    expect(
      notificationFor(
        changed({
          change: 'status-changed',
          from: 'open',
          to: 'not-our-responsibility',
          reason: null,
        } as never),
      ),
    ).toEqual({ template: 'not-our-responsibility', facts: { reason: '' } });
    // Resolution is the workflow's to announce (with the service's own words); the case record's fact
    // asks the satisfaction question instead, once per case (a second resolution asks nothing new).
    expect(
      notificationFor(changed({ change: 'status-changed', from: 'in-progress', to: 'resolved' } as never)),
    ).toEqual({ template: 'satisfaction-survey', facts: {}, oncePerCase: true });
    for (const to of ['open', 'in-progress', 'waiting-for-citizen', 'duplicate', 'withdrawn'] as const)
      expect(
        notificationFor(changed({ change: 'status-changed', from: 'received', to } as never)),
      ).toBeNull();
    expect(
      notificationFor(
        changed({ change: 'note-added', visibility: 'shared', text: 'The crew comes on Tuesday' } as never),
      ),
    ).toEqual({ template: 'case-update', facts: { note: 'The crew comes on Tuesday' } });
    expect(
      notificationFor(
        changed({ change: 'note-added', visibility: 'internal', text: 'Caller was rude' } as never),
      ),
    ).toBeNull();
  });
});

describe('how a message reaches a citizen', () => {
  const r = (
    preferredChannel: UpdateChannel,
    email: string | null,
    phone: string | null,
    consentUpdates = true,
  ) => mediaFor({ preferredChannel, email, phone, consentUpdates });

  it('on the channel they chose when they gave its address', () => {
    expect(r('email', 'a@example.org', '+31612345678')).toEqual({
      optedOut: false,
      push: { medium: 'email', address: 'a@example.org' },
    });
    expect(r('sms', 'a@example.org', '+31612345678')).toEqual({
      optedOut: false,
      push: { medium: 'sms', address: '+31612345678' },
    });
  });

  it('on the other one when the address of their choice is missing; the phone and post by text or email', () => {
    expect(r('email', null, '+31612345678')).toEqual({
      optedOut: false,
      push: { medium: 'sms', address: '+31612345678' },
    });
    expect(r('sms', 'a@example.org', null)).toEqual({
      optedOut: false,
      push: { medium: 'email', address: 'a@example.org' },
    });
    expect(r('phone', 'a@example.org', '+31612345678')).toEqual({
      optedOut: false,
      push: { medium: 'sms', address: '+31612345678' },
    });
    expect(r('post', 'a@example.org', '+31612345678')).toEqual({
      optedOut: false,
      push: { medium: 'email', address: 'a@example.org' },
    });
  });

  it('in the portal inbox only when they chose the web or left no address', () => {
    expect(r('web', 'a@example.org', '+31612345678')).toEqual({ optedOut: false, push: null });
    expect(r('email', null, null)).toEqual({ optedOut: false, push: null });
  });

  it('not at all when they opted out, whatever else they said', () => {
    for (const c of ['email', 'sms', 'web', 'phone', 'post'] as const)
      expect(r(c, 'a@example.org', '+31612345678', false)).toEqual({ optedOut: true });
  });
});
