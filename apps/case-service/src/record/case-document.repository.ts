import type { CaseDocument } from './case-document.entity';

/** The port to the documents of cases (what is known of each; the bytes are in the DocumentStore). */
export abstract class CaseDocumentRepository {
  abstract add(documents: CaseDocument[]): Promise<void>;
  /** A case's documents, oldest first. */
  abstract ofCase(caseId: string): Promise<CaseDocument[]>;
  /** One document of a case, or null (one of another case is not found). */
  abstract byId(caseId: string, id: string): Promise<CaseDocument | null>;
  /** Whether any document of the tenant has these bytes (by their SHA-256): the store keeps them once for all. */
  abstract anyWithContent(tenantId: string, sha256: string): Promise<boolean>;
}
