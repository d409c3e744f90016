import type { CitizenRestriction } from '../../record/citizen-restriction.entity';
import { Injectable } from '@nestjs/common';
import { Transaction } from '@city/platform-database';
import type { CaseDocument } from '../../record/case-document.entity';
import { CaseDocumentRepository } from '../../record/case-document.repository';
import type { CaseLink } from '../../record/case-link.entity';
import type { CaseRecord } from '../../record/case.entity';
import type { CaseSatisfaction } from '../../record/case-satisfaction.entity';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import type { Interaction } from '../../record/interaction.entity';
import { InteractionRepository } from '../../record/interaction.repository';
import type { Party } from '../../record/party.entity';
import type { TimelineEntry } from '../../record/timeline-entry.entity';
import { caseNotFound, referenceOf } from '../../record/case-rules';

export interface CaseLinkSeen {
  kind: CaseLink['kind'] | 'duplicated-by';
  reference: string | null;
  direction: 'outgoing' | 'incoming';
}

export interface CaseRead {
  case: CaseRecord;
  links: CaseLinkSeen[];
  citizen: Party | null;
  /** The restriction in force on the citizen's record (article 18), if any. */
  restriction: CitizenRestriction | null;
  timeline: TimelineEntry[];
  interactions: Interaction[];
  /** The documents on the case (citizens' replies), oldest first. */
  documents: CaseDocument[];
  /** The citizen's answer to the satisfaction question, if they gave one. */
  satisfaction: CaseSatisfaction | null;
}

/** An agent or clerk opens a case: the case, its citizen, its links, its whole cross-channel timeline and its documents. */
@Injectable()
export class ReadCaseUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly interactions: InteractionRepository,
    private readonly documents: CaseDocumentRepository,
    private readonly tx: Transaction,
  ) {}

  /** All parts from one snapshot: a message recorded meanwhile shows in the timeline and the interactions, or in neither. */
  execute(tenantId: string, rawReference: string): Promise<CaseRead> {
    const reference = referenceOf(rawReference);
    return this.tx.snapshot(() => this.read(tenantId, reference));
  }

  private async read(tenantId: string, reference: string): Promise<CaseRead> {
    const c = await this.cases.workedByCity(tenantId, reference);
    if (!c) throw caseNotFound(reference);
    // One after another: in the snapshot they share one connection (pg refuses queries at once on one client from v9).
    const timeline = await this.cases.timeline(c.id);
    const interactions = await this.interactions.ofCase(c.id);
    const citizens = c.partyId ? await this.citizens.withContacts(c.tenantId, [c.partyId]) : [];
    const [restriction] = c.partyId ? await this.citizens.restrictionsOf(c.tenantId, [c.partyId]) : [];
    const links = await this.cases.links(c.id);
    const documents = await this.documents.ofCase(c.id);
    const satisfaction = await this.cases.satisfactionOf([c.id]);
    const linkedIds = [
      ...new Set(links.flatMap((l) => [l.fromCaseId, l.toCaseId]).filter((x) => x !== c.id)),
    ];
    const refOf = new Map((await this.cases.byIds(linkedIds)).map((l) => [l.id, l.reference]));
    return {
      case: c,
      links: links.map((l) =>
        l.fromCaseId === c.id
          ? { kind: l.kind, reference: refOf.get(l.toCaseId) ?? null, direction: 'outgoing' }
          : {
              kind: l.kind === 'duplicate-of' ? 'duplicated-by' : l.kind,
              reference: refOf.get(l.fromCaseId) ?? null,
              direction: 'incoming',
            },
      ),
      citizen: citizens[0] ?? null,
      restriction: restriction ?? null,
      timeline,
      interactions,
      documents,
      satisfaction: satisfaction[0] ?? null,
    };
  }
}
