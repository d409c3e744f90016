import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';
import type { AgentScreenPop } from '@city/contracts';

/**
 * The agents whose consoles listen for their calls in this process, and the way a call reaches
 * them: a pop goes to every open stream of the agent it names in its city (a console in two tabs
 * gets it twice; another city's agent of the same name never), to no one else, and to nobody when
 * that agent has no stream open here.
 */
@Injectable()
export class ScreenPopHub implements OnApplicationShutdown {
  private readonly listeners = new Map<string, Set<Subscriber<AgentScreenPop>>>();

  /** The pops of one agent of a city, from now on, until the subscriber leaves. */
  popsOf(city: string, name: string): Observable<AgentScreenPop> {
    const agent = `${city}\u0000${name}`;
    return new Observable<AgentScreenPop>((subscriber) => {
      const own = this.listeners.get(agent) ?? new Set();
      own.add(subscriber);
      this.listeners.set(agent, own);
      return () => {
        own.delete(subscriber);
        if (own.size === 0 && this.listeners.get(agent) === own) this.listeners.delete(agent);
      };
    });
  }

  /** Hands a pop of a city to its agent's open streams; says how many it reached. */
  deliver(city: string, pop: AgentScreenPop): number {
    const streams = [...(this.listeners.get(`${city}\u0000${pop.agentId}`) ?? [])]; // a stream may leave as it takes one
    for (const s of streams) s.next(pop);
    return streams.length;
  }

  /** Streams end with the service, so consoles reconnect to another instance. */
  onApplicationShutdown(): void {
    for (const own of this.listeners.values()) for (const s of own) s.complete();
    this.listeners.clear();
  }
}
