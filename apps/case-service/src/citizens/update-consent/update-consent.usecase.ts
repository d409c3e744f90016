import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UpdateConsentBody } from '@city/contracts';
import { ApiError } from '@city/platform-http';
import { Interaction } from '../../interactions/interaction.entity';
import { ContactPoint, type ContactPointKind } from '../contact-point.entity';
import { Party } from '../party.entity';

/**
 * Records whether a citizen wants updates (the opt-out, or opting back in) on their record, the
 * survivor's when the record was merged. The notification-service reads it each time it sends. The
 * answer is a contact like any other: it shows among the citizen's interactions.
 */
@Injectable()
export class UpdateConsentUseCase {
  constructor(private readonly dataSource: DataSource) {}

  execute(tenantId: string, who: { id: string } | { contact: { kind: ContactPointKind; value: string } }, b: UpdateConsentBody) {
    return this.dataSource.transaction(async (m) => {
      let id = 'id' in who ? who.id : (await m.getRepository(ContactPoint).findOneBy({ tenantId, kind: who.contact.kind, value: who.contact.value }))?.partyId;
      let party = id ? await m.getRepository(Party).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (party?.mergedInto) party = await m.getRepository(Party).findOne({ where: { id: party.mergedInto, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!party) throw new ApiError(404, 'id' in who ? `citizen ${who.id} not found` : `no citizen with that ${who.contact.kind}`);
      id = party.id;
      const changed = party.consentUpdates !== b.consentUpdates;
      if (changed) {
        await m.getRepository(Party).update({ id }, { consentUpdates: b.consentUpdates });
        const summary = `${b.consentUpdates ? 'Wants updates again' : 'Opted out of updates'}${b.reason ? `: ${b.reason}` : ''}`;
        const handlerKind = b.actor.startsWith('citizen:') ? ('citizen' as const) : ('agent' as const);
        await m.getRepository(Interaction).insert({ tenantId, partyId: id, channel: b.channel ?? 'web', direction: 'inbound', kind: 'consent-change', handledBy: b.actor, handlerKind, occurredAt: new Date(), summary, caseIds: [], details: { consentUpdates: b.consentUpdates } as never });
      }
      return { citizenId: id, consentUpdates: b.consentUpdates, changed };
    });
  }
}
