import { Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import type { CitizenMerge } from '../../record/citizen-merge.entity';
import { CitizenRepository } from '../../record/citizen.repository';

/** The audit trail of a citizen's merges, both ways, newest first. */
@Injectable()
export class ListMergesUseCase {
  constructor(private readonly citizens: CitizenRepository) {}

  async execute(tenantId: string, id: string): Promise<CitizenMerge[]> {
    if (!(await this.citizens.exists(tenantId, id)))
      throw DomainError.notFound('citizen.not-found', `citizen ${id} not found`);
    return this.citizens.mergesOf(id);
  }
}
