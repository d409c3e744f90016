import { Injectable } from '@nestjs/common';
import { DomainError, type ChangeMyPreferencesBody, type CitizenPreferences } from '@city/contracts';
import { UpdatePreferencesUseCase } from '../../citizens/update-preferences/update-preferences.usecase';
import { CitizenRepository } from '../../record/citizen.repository';
import type { Party } from '../../record/party.entity';
import { FollowRequestUseCase, type SecondFactor } from '../follow-request/follow-request.usecase';

/** Who changed them, as the citizen's interactions show it. */
const BY_SECOND_FACTOR = 'citizen:self-service (reference and email or phone)';
const SIGNED_IN = 'citizen:self-service (signed in)';

const view = (p: Pick<Party, 'consentUpdates' | 'preferredChannel' | 'language'>): CitizenPreferences => ({
  consent: p.consentUpdates,
  channel: p.preferredChannel,
  language: p.language,
});

const noRecord = () =>
  DomainError.notFound('citizen.not-found', 'No request was made with this email yet.', [
    { field: 'email', reason: 'no citizen record holds this email' },
  ]);

/**
 * How the citizen hears about their requests (whether at all, on which channel, in which language),
 * read and changed by the citizen themselves: the one whose contact the second factor of
 * GET requests/:reference is (the reference plus the email or phone given with the request, or
 * those of a citizen who follows it: a follower's preferences are their own), or the one whose
 * record owns a signed-in citizen's verified email. Changes go through the preferences use case the
 * agents and opt-out links use (the survivor's record after a merge; a change is one of their
 * interactions), so an opt-out stays an opt-out whichever way it was made.
 */
@Injectable()
export class CitizenPreferencesUseCase {
  constructor(
    private readonly follow: FollowRequestUseCase,
    private readonly citizens: CitizenRepository,
    private readonly preferences: UpdatePreferencesUseCase,
  ) {}

  async ofRequest(
    tenantId: string,
    rawReference: string,
    secondFactor: SecondFactor,
  ): Promise<CitizenPreferences> {
    const { partyId } = (await this.follow.execute(tenantId, rawReference, secondFactor)).viewer;
    return view(await this.current(tenantId, partyId));
  }

  async changeForRequest(
    tenantId: string,
    rawReference: string,
    secondFactor: SecondFactor,
    change: ChangeMyPreferencesBody,
  ): Promise<CitizenPreferences> {
    const { partyId } = (await this.follow.execute(tenantId, rawReference, secondFactor)).viewer;
    return this.change(tenantId, { id: partyId }, change, BY_SECOND_FACTOR);
  }

  async ofSignedIn(tenantId: string, verifiedEmail: string | null): Promise<CitizenPreferences> {
    const email = this.emailOf(verifiedEmail);
    const id = await this.citizens.ownerOf(tenantId, 'email', email);
    if (!id) throw noRecord();
    return view(await this.current(tenantId, id));
  }

  async changeForSignedIn(
    tenantId: string,
    verifiedEmail: string | null,
    change: ChangeMyPreferencesBody,
  ): Promise<CitizenPreferences> {
    const email = this.emailOf(verifiedEmail);
    try {
      return await this.change(tenantId, { contact: { kind: 'email', value: email } }, change, SIGNED_IN);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'citizen.not-found') throw noRecord();
      throw e;
    }
  }

  /** Only a verified email links a signed-in citizen to a record. */
  private emailOf(verifiedEmail: string | null): string {
    if (!verifiedEmail)
      throw DomainError.forbidden('citizen.email-unverified', 'Verify your email to see your preferences.', [
        { field: 'email', reason: 'the account has no verified email' },
      ]);
    return verifiedEmail.toLowerCase();
  }

  /** The record as it is now: the survivor's after a merge. */
  private async current(tenantId: string, id: string): Promise<Party> {
    let party = await this.citizens.byId(tenantId, id);
    if (party?.mergedInto) party = await this.citizens.byId(tenantId, party.mergedInto);
    if (!party) throw DomainError.notFound('citizen.not-found', 'No such citizen.');
    return party;
  }

  private async change(
    tenantId: string,
    who: { id: string } | { contact: { kind: 'email'; value: string } },
    b: ChangeMyPreferencesBody,
    actor: string,
  ): Promise<CitizenPreferences> {
    const now = await this.preferences.execute(tenantId, who, {
      consentUpdates: b.consent,
      preferredChannel: b.channel,
      language: b.language,
      channel: 'web',
      actor,
    });
    return view(now);
  }
}
