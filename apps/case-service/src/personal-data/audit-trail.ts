import { Injectable } from '@nestjs/common';
import { AuditRead, auditHash } from '@city/platform-audit';
import { SharingAgreements } from '@city/platform-config';
import { TypeormTransaction } from '@city/platform-database';

/** A read of someone's personal data, as their export shows it. */
export interface ReadOfTheirData {
  at: Date;
  actor: string;
  action: string;
  outcome: number;
}

/** The reads of a citizen's data this service audited (`audit_reads`), for their export. */
export abstract class AuditTrail {
  /**
   * Reads of their records (by id), of their cases (by reference, or a search that showed one), and
   * searches for one of their contacts (kept hashed), oldest first.
   */
  abstract readsAbout(
    tenantId: string,
    subjects: string[],
    references: string[],
    contacts?: string[],
  ): Promise<ReadOfTheirData[]>;
}

@Injectable()
export class TypeormAuditTrail extends AuditTrail {
  constructor(
    private readonly tx: TypeormTransaction,
    private readonly agreements: SharingAgreements,
  ) {
    super();
  }

  async readsAbout(
    tenantId: string,
    subjects: string[],
    references: string[],
    contacts: string[] = [],
  ): Promise<ReadOfTheirData[]> {
    if (subjects.length === 0 && references.length === 0 && contacts.length === 0) return [];
    return (
      this.tx
        .manager()
        .getRepository(AuditRead)
        .createQueryBuilder('a')
        .select(['a.at', 'a.actor', 'a.action', 'a.outcome'])
        // The city's reads, and those of the cities that work some of its services (a case handed to
        // another city's teams is read by its staff, audited under their city). A search's values
        // are hashed (`auditHash`): found by a scan of these cities' reads, as an export is rare.
        .where('a.tenant_id = ANY(:cities)', { cities: [tenantId, ...this.agreements.workersFor(tenantId)] })
        .andWhere(
          '(a.subject = ANY(:subjects) OR a.references && :references OR a.subject LIKE ANY(:searched))',
          {
            subjects: [...subjects, ...references],
            references,
            searched: contacts.map((c) => `%=${auditHash(c)}%`),
          },
        )
        .orderBy('a.at', 'ASC')
        .getMany()
    );
  }
}
