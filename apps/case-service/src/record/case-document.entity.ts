import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DocumentContentType, DocumentScan } from '@city/contracts';

/** Who put a document on a case: its citizen, with a reply (staff uploads may follow). */
export type DocumentUploader = 'citizen';

/**
 * A document on a case: what is known of it (its own name made safe, its type by content, size,
 * digest, whether it was scanned) and where its bytes are in the DocumentStore (`storage_key`).
 * Never updated: a document is added, and stays as it was received.
 */
@Entity({ name: 'case_documents' })
@Index('case_documents_case', ['caseId', 'uploadedAt'])
export class CaseDocument {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The file's own name as its sender gave it, without a path or characters a file name cannot hold. */
  @Column({ type: 'text' })
  name!: string;

  /** The type its content shows (never the name's nor the declared one). */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: DocumentContentType;

  /** In bytes. */
  @Column({ type: 'integer' })
  size!: number;

  /** Hex SHA-256 of the bytes. */
  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ type: 'text' })
  scan!: DocumentScan;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: DocumentUploader;
}
