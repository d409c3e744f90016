import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, City } from '@city/platform-auth';
import { QueuesOverviewUseCase } from './queues-overview/queues-overview.usecase';

/** The live picture of the work queues (each queue's items are at GET /api/v1/queues/:queue/items). */
@ApiTags('work')
@Controller('api/v1')
export class QueuesHttpController {
  constructor(private readonly overview: QueuesOverviewUseCase) {}

  @Get('queues')
  @Allow('agent', 'clerk', 'supervisor', 'ops')
  @ApiOperation({
    summary: 'The work queues now',
    description:
      "Every queue the routing file and the catalogue name (an empty one with zeros) and any other with open work: items waiting, items held, since when the longest-waiting item's citizen has waited, and how many open items are at risk or breached. At risk and breached are the states of each item's resolution clock as the SLA timers keep it (`warned`, `breached`), the `sla` every work item shows.",
  })
  @ApiOkResponse({
    description:
      '`{ at, queues: [{ queue, waiting, assigned, oldestWaitingSince, atRisk, breached }] }`, queues in name order',
  })
  async queues(@City() city: string) {
    const { at, queues } = await this.overview.execute(city);
    return {
      at: at.toISOString(),
      queues: queues.map((q) => ({
        queue: q.queue,
        waiting: q.waiting,
        assigned: q.assigned,
        oldestWaitingSince: q.oldestWaitingSince?.toISOString() ?? null,
        atRisk: q.atRisk,
        breached: q.breached,
      })),
    };
  }
}
