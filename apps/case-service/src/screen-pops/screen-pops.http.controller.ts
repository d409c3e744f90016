import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable, startWith } from 'rxjs';
import { Allow, CurrentActor, type Actor } from '@city/platform-auth';
import { ScreenPopHub } from './screen-pop-hub';

/** A stream stays open through proxies that close quiet connections after 30 to 60 s. */
const HEARTBEAT_MS = 20_000;

/** The agent's own calls, live, for the console's screen-pop. */
@ApiTags('screen-pops')
@Controller('api/v1')
export class ScreenPopsHttpController {
  constructor(private readonly hub: ScreenPopHub) {}

  @Sse('agent/screen-pops')
  @Allow('agent')
  @ApiOperation({
    summary: "The signed-in agent's calls, as they ring (server-sent events)",
    description:
      'An `open` event as soon as the event stream is listening; then a `screen-pop` event for each call the switch puts through to this agent (`AgentScreenPop`: the call, and the citizen whose record owns the number, or null), and a `heartbeat` every 20 s. Only the agent named by the token gets their calls.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A stream of server-sent events' })
  screenPops(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    return merge(
      this.hub
        .popsOf(actor.tenant, actor.name)
        .pipe(map((pop): MessageEvent => ({ type: 'screen-pop', id: pop.callId, data: pop }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: {} }))),
    ).pipe(startWith<MessageEvent>({ type: 'open', data: { agent: actor.name } }));
  }
}
