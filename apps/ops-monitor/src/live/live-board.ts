import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { concat, defer, from, Observable, share, Subject, switchMap, throttleTime } from 'rxjs';
import { APP_CONFIG, type PerCity } from '@city/platform-config';
import { METRICS, Metrics } from '@city/platform-metrics';
import type { OpsConfig } from '../config';
import type { LiveFigures } from '@city/contracts';
import { counterFigures } from './counter-figures';
import { COUNTER_OFFICES, localDay, type CounterOffices } from './counter-offices';
import { LiveFiguresRepository } from './live-figures.repository';

/**
 * Each city's live board: figures worked out from the read model when asked, and pushed to every
 * open stream of that city after facts changed it (at most once per LIVE_PUSH_INTERVAL_MS, the last
 * change always included), computed once for all that city's streams.
 */
@Injectable()
export class LiveBoard implements OnModuleDestroy {
  private readonly changes = new Subject<void>();
  private newestFact: Date | null = null;
  private readonly updatesByCity = new Map<string, Observable<LiveFigures>>();

  constructor(
    private readonly figures: LiveFiguresRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<OpsConfig, 'LIVE_PUSH_INTERVAL_MS'>,
    @Inject(COUNTER_OFFICES) private readonly offices: PerCity<CounterOffices>,
    @Optional() metrics?: Metrics,
  ) {
    if (metrics?.enabled)
      metrics.gauge(
        METRICS.opsProjectionDelay,
        'Seconds between now and the newest fact the read models folded',
        [],
        (g) => {
          if (this.newestFact) g.set(this.delaySeconds()!);
        },
      );
  }

  /** Facts changed the read model; `newest` is the newest fact's time. */
  changed(newest: Date | null): void {
    if (newest && (!this.newestFact || newest > this.newestFact)) this.newestFact = newest;
    this.changes.next();
  }

  private delaySeconds(): number | null {
    return this.newestFact ? Math.max(0, (Date.now() - this.newestFact.getTime()) / 1000) : null;
  }

  /** A city's figures after every change, shared by all its streams (made when first asked for). */
  updates(city: string): Observable<LiveFigures> {
    let updates = this.updatesByCity.get(city);
    if (!updates) {
      updates = this.changes.pipe(
        throttleTime(this.config.LIVE_PUSH_INTERVAL_MS, undefined, { leading: true, trailing: true }),
        switchMap(() => from(this.now(city))),
        share(),
      );
      this.updatesByCity.set(city, updates);
    }
    return updates;
  }

  /** A city's figures as they are now. */
  async now(tenant: string): Promise<LiveFigures> {
    const offices = this.offices(tenant);
    const at = new Date();
    const [byQueue, byService, byChannel, byDistrict, agents, counters, throughput] = await Promise.all([
      this.figures.groups(tenant, 'queue', at),
      this.figures.groups(tenant, 'service', at),
      this.figures.groups(tenant, 'channel', at),
      this.figures.groups(tenant, 'district', at),
      this.figures.agents(tenant, at),
      this.figures.counters(tenant, at, localDay(offices, at)),
      this.figures.throughput(tenant, at),
    ]);
    return {
      at: at.toISOString(),
      byQueue,
      byService,
      byChannel,
      byDistrict,
      agents,
      signedIn: agents.filter((a) => a.signedIn).length,
      counters: counterFigures(offices, counters),
      throughput,
      delaySeconds: this.delaySeconds(),
    };
  }

  /** A city's figures now, then after every change. */
  stream(city: string): Observable<LiveFigures> {
    return concat(
      defer(() => from(this.now(city))),
      this.updates(city),
    );
  }

  onModuleDestroy(): void {
    this.changes.complete();
  }
}
