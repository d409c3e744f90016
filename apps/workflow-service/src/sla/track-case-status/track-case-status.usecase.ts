import { Inject, Injectable } from '@nestjs/common';
import {
  caseCloseScheduledV1,
  createEnvelope,
  dueTimesSetV1,
  reopenPeriodOf,
  TOPICS,
  type CaseChangedV1,
} from '@city/contracts';
import { serviceLevelDue } from '@city/domain-calendar';
import { Inbox, Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import { SlaClock, type SlaTargetKind } from '../../clocks/sla-clock.entity';
import { SlaClockRepository } from '../../clocks/sla-clock.repository';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { WorkItemRepository } from '../../work-items/work-item.repository';
import { WorkflowRunner } from '../../workflows/workflow-runner';

export const TRACK_STATUS_CONSUMER = 'workflow-service.track-case-status';
const ENDED = new Set(['resolved', 'closed', 'duplicate', 'not-our-responsibility', 'withdrawn']);

/**
 * Follows a case's status: while it waits for the citizen its clocks stand still; when it moves on
 * they run again with due times pushed on by the pause (DueTimesSet); when it is resolved or ended
 * they stop and its work item is done. A resolved case closes by itself after its service's
 * `reopenWithin` (or the city's `autoClose`), unless reopened: CaseCloseScheduled says when, and
 * says so again with no time when a reopening calls it off. Returns the clocks whose timers must be
 * re-armed or removed.
 */
@Injectable()
export class TrackCaseStatusUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly clocks: SlaClockRepository,
    private readonly items: WorkItemRepository,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly runner: WorkflowRunner,
  ) {}

  execute(event: CaseChangedV1): Promise<{ arm: SlaClock[]; disarm: SlaTargetKind[] }> {
    const p = event.payload;
    const none = { arm: [], disarm: [] };
    if (p.change !== 'status-changed') return Promise.resolve(none);
    return this.tx.run(async () => {
      if (!(await this.inbox.claim(TRACK_STATUS_CONSUMER, [event.eventId])).has(event.eventId)) return none;
      const clocks = await this.clocks.lockOfCase(p.caseId);
      const at = new Date(p.at);
      const sla = (c: SlaClock) => c.target === 'first-response' || c.target === 'resolution';
      const live = clocks.filter(
        (c) => c.state === 'running' || c.state === 'warned' || c.state === 'paused',
      );
      const stop = async (which: (c: SlaClock) => boolean) => {
        const stopping = live.filter(which);
        for (const c of stopping) c.state = 'stopped';
        await this.clocks.save(stopping);
        return stopping;
      };
      /** When the case closes by itself (null: it no longer does), for the case record to keep. */
      const closeScheduled = (closing: SlaClock, closesAt: Date | null) =>
        this.outbox.enqueue([
          {
            topic: TOPICS.workflowEvents,
            key: p.caseId,
            event: createEnvelope(caseCloseScheduledV1, {
              tenantId: event.tenantId,
              correlationId: event.correlationId,
              causationId: event.eventId,
              payload: {
                caseId: p.caseId,
                reference: p.reference,
                at: this.clock.now().toISOString(),
                resolvedAt: closing.startedAt.toISOString(),
                closesAt: closesAt?.toISOString() ?? null,
                period: `${closing.targetValue} ${closing.targetUnit}`,
              },
            }),
          },
        ]);
      // Waiting for the citizen, or resolved (until it closes or is reopened): the clocks stand still.
      const pause = async () => {
        const pausing = live.filter((c) => sla(c) && c.state !== 'paused');
        for (const c of pausing) {
          c.pauses = [...c.pauses, { from: at.toISOString(), to: null }];
          c.state = 'paused';
          c.warnAt = null;
          c.dueAt = null;
        }
        await this.clocks.save(pausing);
      };

      if (ENDED.has(p.to)) {
        await this.items.markDone(p.caseId);
        if (p.to !== 'resolved') {
          await stop(() => true);
          await this.runner.stop(p.caseId);
          return { arm: [], disarm: ['first-response', 'resolution', 'auto-close', 'workflow-wake'] };
        }
        await pause();
        // Resolved: the case closes by itself after its service's period (the catalogue's
        // `reopenWithin`, as it is now) or else the city's, unless the citizen reopens it first.
        const period = reopenPeriodOf(
          await this.runner.serviceOfCase(p.caseId),
          this.routing.of(event.tenantId).autoClose,
        );
        const { dueAt } = serviceLevelDue(this.routing.of(event.tenantId).calendar, at, period, 1);
        const closing = Object.assign(clocks.find((c) => c.target === 'auto-close') ?? new SlaClock(), {
          caseId: p.caseId,
          target: 'auto-close' as const,
          tenantId: event.tenantId,
          reference: p.reference,
          targetValue: period.value,
          targetUnit: period.unit,
          calendar: this.routing.of(event.tenantId).calendar.id,
          startedAt: at,
          pauses: [],
          warnAt: null,
          dueAt,
          state: 'running' as const,
          warnedAt: null,
          breachedAt: null,
        });
        await this.clocks.save([closing]);
        await closeScheduled(closing, dueAt);
        // The workflow hears of it (its last messages); one waiting on anything else ends here.
        const moved = await this.runner.resume(p.caseId, { kind: 'event', event: 'resolved' });
        await this.runner.stop(p.caseId);
        return { arm: [closing, ...moved], disarm: ['first-response', 'resolution', 'workflow-wake'] };
      }

      const disarm: SlaTargetKind[] = [];
      if (p.from === 'resolved') {
        // Reopened before it closed: no closing, the work is back in its queue for someone to take,
        // and the clocks run on from where they stood, pushed on by the time it was resolved (below).
        const called = await stop((c) => c.target === 'auto-close');
        for (const closing of called) await closeScheduled(closing, null);
        await this.items.requeue(p.caseId);
        disarm.push('auto-close');
      }

      if (p.to === 'waiting-for-citizen') {
        await pause();
        return { arm: [], disarm: ['first-response', 'resolution'] };
      }

      const arm: SlaClock[] = [];
      const paused = live.filter((c) => sla(c) && c.state === 'paused');
      if (paused.length > 0) {
        for (const c of paused) {
          c.pauses = c.pauses.map((x) => (x.to === null ? { ...x, to: at.toISOString() } : x));
          const due = serviceLevelDue(
            this.routing.of(event.tenantId).calendar,
            c.startedAt,
            { value: c.targetValue, unit: c.targetUnit },
            this.routing.of(event.tenantId).warnAt,
            c.pauses.map((x) => ({ from: new Date(x.from), to: x.to ? new Date(x.to) : null })),
          );
          c.warnAt = due.warnAt;
          c.dueAt = due.dueAt;
          // A warning already sent is not sent again.
          c.state = c.warnedAt ? 'warned' : 'running';
        }
        await this.clocks.save(paused);
        const dueOf = (k: string) => clocks.find((c) => c.target === k)?.dueAt ?? null;
        await this.items.setDueTimes(p.caseId, dueOf('first-response'), dueOf('resolution'));
        await this.outbox.enqueue([
          {
            topic: TOPICS.workflowEvents,
            key: p.caseId,
            event: createEnvelope(dueTimesSetV1, {
              tenantId: event.tenantId,
              correlationId: event.correlationId,
              causationId: event.eventId,
              payload: {
                caseId: p.caseId,
                reference: p.reference,
                at: this.clock.now().toISOString(),
                firstResponseDueAt: dueOf('first-response')?.toISOString() ?? null,
                resolutionDueAt: dueOf('resolution')!.toISOString(),
                calendar: this.routing.of(event.tenantId).calendar.id,
              },
            }),
          },
        ]);
        arm.push(...paused);
      }
      // The workflow moves on: what the citizen sent has arrived, or the work has started.
      if (p.from === 'waiting-for-citizen')
        arm.push(...(await this.runner.resume(p.caseId, { kind: 'event', event: 'information-received' })));
      else if (p.to === 'in-progress')
        arm.push(...(await this.runner.resume(p.caseId, { kind: 'event', event: 'in-progress' })));
      return { arm, disarm };
    });
  }
}
