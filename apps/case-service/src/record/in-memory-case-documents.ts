import { CaseDocument } from './case-document.entity';
import { CaseDocumentRepository } from './case-document.repository';

/** The documents of cases in memory, behind the same port as Postgres: for use cases' unit tests. */
export class InMemoryCaseDocuments extends CaseDocumentRepository {
  rows: CaseDocument[] = [];

  async add(documents: CaseDocument[]): Promise<void> {
    this.rows.push(...documents.map((d) => Object.assign(new CaseDocument(), d)));
  }

  async ofCase(caseId: string): Promise<CaseDocument[]> {
    return this.rows
      .filter((d) => d.caseId === caseId)
      .sort((a, b) => a.uploadedAt.getTime() - b.uploadedAt.getTime())
      .map((d) => Object.assign(new CaseDocument(), d));
  }

  async anyWithContent(tenantId: string, sha256: string): Promise<boolean> {
    return this.rows.some((d) => d.tenantId === tenantId && d.sha256 === sha256);
  }

  async byId(caseId: string, id: string): Promise<CaseDocument | null> {
    const d = this.rows.find((x) => x.caseId === caseId && x.id === id);
    return d ? Object.assign(new CaseDocument(), d) : null;
  }
}
