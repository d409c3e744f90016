import { firstValueFrom, take, toArray } from 'rxjs';
import type { AgentScreenPop } from '@city/contracts';
import { ScreenPopHub } from './screen-pop-hub';

const pop = (agentId: string, callId: string): AgentScreenPop => ({
  agentId,
  callId,
  action: 'open',
  callerNumber: '+441632960001',
  queue: null,
  durationSeconds: null,
  at: '2026-11-30T10:00:00.000Z',
  caller: null,
});

describe('the screen-pop hub', () => {
  it('gives each agent their own calls only, on every stream they have open, and none after they leave', async () => {
    const hub = new ScreenPopHub();
    const seventeen = firstValueFrom(hub.popsOf('default', 'agent-17').pipe(take(2), toArray()));
    const secondTab = firstValueFrom(hub.popsOf('default', 'agent-17').pipe(take(1), toArray()));
    const eighteen = firstValueFrom(hub.popsOf('default', 'agent-18').pipe(take(1), toArray()));

    expect(hub.deliver('default', pop('agent-17', 'call-1'))).toBe(2);
    expect(hub.deliver('default', pop('agent-18', 'call-2'))).toBe(1);
    expect(hub.deliver('default', pop('agent-17', 'call-3'))).toBe(1); // the second tab took one and left
    expect((await seventeen).map((p) => p.callId)).toEqual(['call-1', 'call-3']);
    expect((await secondTab).map((p) => p.callId)).toEqual(['call-1']);
    expect((await eighteen).map((p) => p.callId)).toEqual(['call-2']);
    expect(hub.deliver('default', pop('agent-17', 'call-4'))).toBe(0);
  });

  it("never gives a call to another city's agent of the same name", async () => {
    const hub = new ScreenPopHub();
    const theirs = firstValueFrom(hub.popsOf('other-city', 'agent-17').pipe(take(1), toArray()));
    expect(hub.deliver('default', pop('agent-17', 'call-1'))).toBe(0);
    expect(hub.deliver('other-city', pop('agent-17', 'call-2'))).toBe(1);
    expect((await theirs).map((p) => p.callId)).toEqual(['call-2']);
  });
});
