import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { MatchCallerUseCase } from './match-caller/match-caller.usecase';
import { ScreenPopHub } from './screen-pop-hub';
import { ScreenPopsConsumer } from './screen-pops.kafka.consumer';
import { ScreenPopsHttpController } from './screen-pops.http.controller';

/** Calls from the switch to the agents' consoles: who is calling, live, to the agent who answers. */
@Module({
  imports: [RecordModule],
  controllers: [ScreenPopsConsumer, ScreenPopsHttpController],
  providers: [MatchCallerUseCase, ScreenPopHub],
})
export class ScreenPopsModule {}
