import { Injectable } from '@nestjs/common';
import { DomainError, type ByActor, type UpdatePreferencesBody } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { survivorOf } from '../../record/merge-chain';
import { CitizenRepository } from '../../record/citizen.repository';
import type { ContactPointKind } from '../../record/contact-point.entity';
import { InteractionRepository } from '../../record/interaction.repository';
import type { Party } from '../../record/party.entity';

/**
 * Records how a citizen wants to hear from the city (whether at all, on which channel, in which
 * language) on their record, the survivor's when the record was merged. The notification-service
 * reads it each time it sends. A change is a contact like any other: it shows among the citizen's
 * interactions, with who made it and why.
 */
@Injectable()
export class UpdatePreferencesUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly citizens: CitizenRepository,
    private readonly interactions: InteractionRepository,
  ) {}

  async execute(
    tenantId: string,
    who: { id: string } | { contact: { kind: ContactPointKind; value: string } },
    b: ByActor<UpdatePreferencesBody>,
  ) {
    return this.tx.run(async () => {
      const id =
        'id' in who ? who.id : await this.citizens.ownerOf(tenantId, who.contact.kind, who.contact.value);
      // A merged record's wishes are its survivor's (at the end of a chain: A into B, then B into C).
      const party = id ? await survivorOf((x) => this.citizens.byId(tenantId, x, true), id) : null;
      if (!party)
        throw DomainError.notFound(
          'citizen.not-found',
          'id' in who ? `citizen ${who.id} not found` : `no citizen with that ${who.contact.kind}`,
        );
      // Staff do not change a restricted record (article 18); the citizen's own wishes still count.
      if (
        !b.actor.startsWith('citizen:') &&
        (await this.citizens.restrictionsOf(tenantId, [party.id])).length > 0
      )
        throw DomainError.conflict(
          'citizen.restricted',
          "This citizen's record is restricted (GDPR article 18): staff do not change it until the restriction is lifted.",
        );
      const change: Partial<Pick<Party, 'consentUpdates' | 'preferredChannel' | 'language'>> = {};
      const said: string[] = [];
      if (b.consentUpdates !== undefined && b.consentUpdates !== party.consentUpdates) {
        change.consentUpdates = b.consentUpdates;
        said.push(b.consentUpdates ? 'Wants updates again' : 'Opted out of updates');
      }
      if (b.preferredChannel && b.preferredChannel !== party.preferredChannel) {
        change.preferredChannel = b.preferredChannel;
        said.push(`Updates by ${b.preferredChannel} from now on`);
      }
      if (b.language && b.language !== party.language) {
        change.language = b.language;
        said.push(`Language ${b.language}`);
      }
      if (said.length > 0) {
        await this.citizens.update(party.id, change);
        await this.interactions.add([
          {
            tenantId,
            partyId: party.id,
            channel: b.channel ?? 'web',
            direction: 'inbound',
            kind: 'preferences-change',
            handledBy: b.actor,
            handlerKind: b.actor.startsWith('citizen:') ? 'citizen' : 'agent',
            occurredAt: new Date(),
            summary: `${said.join('; ')}${b.reason ? `: ${b.reason}` : ''}`,
            caseIds: [],
            details: change,
          },
        ]);
      }
      return {
        citizenId: party.id,
        consentUpdates: change.consentUpdates ?? party.consentUpdates,
        preferredChannel: change.preferredChannel ?? party.preferredChannel,
        language: change.language ?? party.language,
        changed: said.length > 0,
      };
    });
  }
}
