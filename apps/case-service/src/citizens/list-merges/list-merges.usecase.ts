import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import type { CitizenMerge } from '../../record/citizen-merge.entity';
import { CitizenRepository } from '../../record/citizen.repository';

/** The audit trail of a citizen's merges, both ways, newest first. */
@Injectable()
export class ListMergesUseCase {
  constructor(
    private readonly citizens: CitizenRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID'>,
  ) {}

  async execute(id: string): Promise<CitizenMerge[]> {
    if (!(await this.citizens.exists(this.config.TENANT_ID, id)))
      throw DomainError.notFound('citizen.not-found', `citizen ${id} not found`);
    return this.citizens.mergesOf(id);
  }
}
