import { Inject, Injectable } from '@nestjs/common';
import {
  caseCloseDueV1,
  caseRoutedV1,
  createEnvelope,
  slaBreachedV1,
  slaWarningV1,
  TOPICS,
} from '@city/contracts';
import { Outbox, Transaction, type OutboxItem } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import type { SlaClock, SlaTargetKind } from '../../clocks/sla-clock.entity';
import { SlaClockRepository } from '../../clocks/sla-clock.repository';
import { escalationQueue } from '../../routing/routing-config';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { workedByOf } from '../../work-items/work-item-to-change';
import { WorkItemRepository } from '../../work-items/work-item.repository';
import { WorkflowRunner } from '../../workflows/workflow-runner';

export type TimerPhase = 'warn' | 'breach';

/**
 * A timer went off: look at the clock in Postgres and do what is due, once. A warning at its share
 * of the time; at the due time a breach, which escalates the case to the queue's supervisors with a
 * raised priority. A timer that went off early (the due time moved) or late, or twice, finds the
 * clock as it is and does only what is still due.
 */
@Injectable()
export class FireSlaTimerUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly outbox: Outbox,
    private readonly clocks: SlaClockRepository,
    private readonly items: WorkItemRepository,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly runner: WorkflowRunner,
  ) {}

  async execute(
    caseId: string,
    target: SlaTargetKind,
    phase: TimerPhase,
  ): Promise<{ outcome: string; arm: SlaClock[]; queue: string | null }> {
    let arm: SlaClock[] = [];
    // The queue whose target was missed or is at risk (before any escalation), for the service's metrics.
    let queue: string | null = null;
    const outcome = await this.tx.run(async () => {
      const c = await this.clocks.lockOne(caseId, target);
      if (!c || c.dueAt === null) return 'nothing-to-do';
      const now = this.clock.now();
      const about = { caseId: c.caseId, reference: c.reference, at: now.toISOString() };
      const meta = { tenantId: c.tenantId, correlationId: c.caseId, causationId: null };
      if (phase === 'warn') {
        if (c.state !== 'running' || c.warnAt === null) return 'nothing-to-do';
        if (now < c.warnAt) return 'not-due';
        c.state = 'warned';
        c.warnedAt = now;
        await this.clocks.save([c]);
        queue = (await this.items.find(caseId))?.queue ?? null;
        await this.outbox.enqueue([
          {
            topic: TOPICS.workflowEvents,
            key: c.caseId,
            event: createEnvelope(slaWarningV1, {
              ...meta,
              payload: {
                ...about,
                target,
                dueAt: c.dueAt.toISOString(),
                elapsedShare: this.routing.of(c.tenantId).warnAt,
              },
            }),
          },
        ]);
        return 'warned';
      }
      if (c.state !== 'running' && c.state !== 'warned') return 'nothing-to-do';
      if (now < c.dueAt) return 'not-due';
      if (target === 'workflow-wake') {
        c.state = 'fired';
        await this.clocks.save([c]);
        arm = await this.runner.resume(caseId, { kind: 'wake' });
        return 'workflow-woken';
      }
      if (target === 'auto-close') {
        c.state = 'fired';
        await this.clocks.save([c]);
        await this.outbox.enqueue([
          {
            topic: TOPICS.workflowEvents,
            key: caseId,
            event: createEnvelope(caseCloseDueV1, {
              ...meta,
              payload: {
                ...about,
                resolvedAt: c.startedAt.toISOString(),
                period: `${c.targetValue} ${c.targetUnit}`,
              },
            }),
          },
        ]);
        return 'closing';
      }
      // The warning's timer has not run (both came due while the service or Redis was down): it is
      // sent now, before the breach, and its own timer will find nothing left to do.
      const missedWarning = c.state === 'running' && c.warnAt !== null;
      c.state = 'breached';
      c.breachedAt = now;
      await this.clocks.save([c]);
      const item = await this.items.lockByCase(caseId);
      queue = item?.queue ?? null;
      const events: OutboxItem[] = [];
      let escalatedTo: string | null = null;
      if (item && item.state !== 'done' && !item.escalated) {
        // To the supervisors of its queue (of the city that works it), one step more urgent, for
        // someone there to take.
        escalatedTo = escalationQueue(this.routing.of(item.workedBy), item.queue);
        item.queue = escalatedTo;
        item.priority = Math.max(1, item.priority - 1);
        item.escalated = true;
        item.state = 'queued';
        item.assignee = null;
        item.assignedAt = null;
        await this.items.save(item);
        events.push({
          topic: TOPICS.workflowEvents,
          key: caseId,
          event: createEnvelope(caseRoutedV1, {
            ...meta,
            payload: {
              ...about,
              queue: item.queue,
              priority: item.priority as 1 | 2 | 3 | 4,
              skills: item.skills,
              rule: `escalation:${target}`,
              ...workedByOf(item),
            },
          }),
        });
      }
      if (missedWarning) c.warnedAt = now;
      events.unshift({
        topic: TOPICS.workflowEvents,
        key: caseId,
        event: createEnvelope(slaBreachedV1, {
          ...meta,
          payload: { ...about, target, dueAt: c.dueAt.toISOString(), escalatedTo },
        }),
      });
      if (missedWarning) {
        events.unshift({
          topic: TOPICS.workflowEvents,
          key: caseId,
          event: createEnvelope(slaWarningV1, {
            ...meta,
            payload: {
              ...about,
              target,
              dueAt: c.dueAt.toISOString(),
              elapsedShare: this.routing.of(c.tenantId).warnAt,
            },
          }),
        });
        await this.clocks.save([c]);
      }
      await this.outbox.enqueue(events);
      return 'breached';
    });
    return { outcome, arm, queue };
  }
}
