import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { CitizensHttpController } from './citizens.http.controller';
import { ListMergesUseCase } from './list-merges/list-merges.usecase';
import { MergeCitizensUseCase } from './merge-citizens/merge-citizens.usecase';
import { ReadCitizenUseCase } from './read-citizen/read-citizen.usecase';
import { ReverseMergeUseCase } from './reverse-merge/reverse-merge.usecase';
import { UpdatePreferencesUseCase } from './update-preferences/update-preferences.usecase';

/** Citizens for agents and clerks: the 360 view, merging two records of one person and undoing it, preferences. */
@Module({
  imports: [RecordModule],
  controllers: [CitizensHttpController],
  providers: [
    ReadCitizenUseCase,
    ListMergesUseCase,
    MergeCitizensUseCase,
    ReverseMergeUseCase,
    UpdatePreferencesUseCase,
  ],
})
export class CitizensModule {}
