import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { CallNextTicketUseCase } from './call-next-ticket/call-next-ticket.usecase';
import { CounterTicketRepository } from './counter-ticket.repository';
import { CounterHttpController } from './counter.http.controller';
import { GetTicketUseCase } from './get-ticket/get-ticket.usecase';
import { ListTicketsUseCase } from './list-tickets/list-tickets.usecase';
import { ListOfficesUseCase } from './list-offices/list-offices.usecase';
import { MarkNoShowUseCase } from './mark-no-show/mark-no-show.usecase';
import { ServeTicketUseCase } from './serve-ticket/serve-ticket.usecase';
import { ShowBoardUseCase } from './show-board/show-board.usecase';
import { TakeTicketUseCase } from './take-ticket/take-ticket.usecase';
import { TransferTicketUseCase } from './transfer-ticket/transfer-ticket.usecase';
import { TypeormCounterTicketRepository } from './typeorm-counter-ticket.repository';

/**
 * The town-hall counters: tickets, "call next" and the office's tickets for clerks, the office
 * screen. Its tickets are read for a citizen's export too (personal-data).
 */
@Module({
  imports: [AgentsModule],
  controllers: [CounterHttpController],
  providers: [
    { provide: CounterTicketRepository, useClass: TypeormCounterTicketRepository },
    TakeTicketUseCase,
    GetTicketUseCase,
    CallNextTicketUseCase,
    ServeTicketUseCase,
    MarkNoShowUseCase,
    TransferTicketUseCase,
    ShowBoardUseCase,
    ListTicketsUseCase,
    ListOfficesUseCase,
  ],
  exports: [CounterTicketRepository],
})
export class CounterModule {}
