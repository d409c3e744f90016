import { Injectable } from '@nestjs/common';
import { insertMany, TypeormTransaction } from '@city/platform-database';
import { CaseDocument } from './case-document.entity';
import { CaseDocumentRepository } from './case-document.repository';

/** CaseDocumentRepository on Postgres through TypeORM. */
@Injectable()
export class TypeormCaseDocumentRepository extends CaseDocumentRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  add(documents: CaseDocument[]): Promise<void> {
    return insertMany(this.tx.manager(), CaseDocument, documents);
  }

  ofCase(caseId: string): Promise<CaseDocument[]> {
    return this.tx
      .manager()
      .getRepository(CaseDocument)
      .find({ where: { caseId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }

  byId(caseId: string, id: string): Promise<CaseDocument | null> {
    return this.tx.manager().getRepository(CaseDocument).findOne({ where: { caseId, id } });
  }

  anyWithContent(tenantId: string, sha256: string): Promise<boolean> {
    return this.tx.manager().getRepository(CaseDocument).exists({ where: { tenantId, sha256 } });
  }
}
