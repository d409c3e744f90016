import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ByActor, UpdatePreferencesBody } from '@city/contracts';
import { ApiError } from '@city/platform-http';
import { Interaction } from '../../interactions/interaction.entity';
import { ContactPoint, type ContactPointKind } from '../contact-point.entity';
import { Party } from '../party.entity';

/**
 * Records how a citizen wants to hear from the city (whether at all, on which channel, in which
 * language) on their record, the survivor's when the record was merged. The notification-service
 * reads it each time it sends. A change is a contact like any other: it shows among the citizen's
 * interactions, with who made it and why.
 */
@Injectable()
export class UpdatePreferencesUseCase {
  constructor(private readonly dataSource: DataSource) {}

  execute(
    tenantId: string,
    who: { id: string } | { contact: { kind: ContactPointKind; value: string } },
    b: ByActor<UpdatePreferencesBody>,
  ) {
    return this.dataSource.transaction(async (m) => {
      const id =
        'id' in who
          ? who.id
          : (
              await m
                .getRepository(ContactPoint)
                .findOneBy({ tenantId, kind: who.contact.kind, value: who.contact.value, heldApart: false })
            )?.partyId;
      let party = id
        ? await m
            .getRepository(Party)
            .findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (party?.mergedInto)
        party = await m
          .getRepository(Party)
          .findOne({ where: { id: party.mergedInto, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!party)
        throw new ApiError(
          404,
          'id' in who ? `citizen ${who.id} not found` : `no citizen with that ${who.contact.kind}`,
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
        await m.getRepository(Party).update({ id: party.id }, change);
        const summary = `${said.join('; ')}${b.reason ? `: ${b.reason}` : ''}`;
        const handlerKind = b.actor.startsWith('citizen:') ? ('citizen' as const) : ('agent' as const);
        await m.getRepository(Interaction).insert({
          tenantId,
          partyId: party.id,
          channel: b.channel ?? 'web',
          direction: 'inbound',
          kind: 'preferences-change',
          handledBy: b.actor,
          handlerKind,
          occurredAt: new Date(),
          summary,
          caseIds: [],
          details: change as never,
        });
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
