import { Controller, Get, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { Allow, City } from '@city/platform-auth';
import type { LiveFigures } from '@city/contracts';
import { LiveBoard } from './live-board';

/** A stream stays open through proxies that close quiet connections after 30 to 60 s. */
const HEARTBEAT_MS = 20_000;

@ApiTags('live')
@Controller('api/v1/live')
export class LiveHttpController {
  constructor(private readonly board: LiveBoard) {}

  @Get()
  @Allow('supervisor', 'ops')
  @ApiOperation({
    summary:
      'The live board now: open work per queue, service, channel and district, who is at work, the counters, throughput',
    description:
      'Per group: waiting (queued, nobody holds it), held, waiting for the citizen, the oldest waiting, the wait percentiles (p50, p90, seconds since the citizen asked), at risk (resolution clock warned), breached, and resolved in the last hour. Agents: those signed in now (`signedIn` counts them) and those holding cases: signed in or not, their queues and capacity, the cases each holds, the oldest, the next due. Counters: every office and queue of the city’s counters, with the tickets waiting and being served, the longest wait, the clerks at work (last 30 minutes), today’s minutes per visit, served and no-shows, and the wait for a ticket taken now. Throughput: cases opened and resolved per hour over the last 24 hours. `delaySeconds`: how far the figures are behind the newest fact.',
  })
  live(@City() city: string): Promise<LiveFigures> {
    return this.board.now(city);
  }

  @Sse('stream')
  @Allow('supervisor', 'ops')
  @ApiOperation({
    summary: 'The live board as it changes (server-sent events)',
    description:
      'A `figures` event with the board at once, then one after facts changed it (at most once a second), and a `heartbeat` every 20 s.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A stream of server-sent events' })
  stream(@City() city: string): Observable<MessageEvent> {
    return merge(
      this.board.stream(city).pipe(map((figures): MessageEvent => ({ type: 'figures', data: figures }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: {} }))),
    );
  }
}
