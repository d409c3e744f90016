import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  caseCloseDueV1,
  caseRoutedV1,
  createEnvelope,
  slaBreachedV1,
  slaWarningV1,
  TOPICS,
} from '@city/contracts';
import { enqueueEvents } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import { escalationQueue, type RoutingConfig } from '../../routing/routing-config';
import { ROUTING_CONFIG } from '../../routing/routing.tokens';
import { WorkItem } from '../../work-items/work-item.entity';
import { SlaClock, type SlaTargetKind } from '../sla-clock.entity';
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
    private readonly dataSource: DataSource,
    @Inject(ROUTING_CONFIG) private readonly routing: RoutingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly runner: WorkflowRunner,
  ) {}

  async execute(
    caseId: string,
    target: SlaTargetKind,
    phase: TimerPhase,
  ): Promise<{ outcome: string; arm: SlaClock[] }> {
    let arm: SlaClock[] = [];
    const outcome = await this.dataSource.transaction(async (m) => {
      const c = await m
        .getRepository(SlaClock)
        .createQueryBuilder('c')
        .where('c.case_id = :caseId AND c.target = :target', { caseId, target })
        .setLock('pessimistic_write')
        .getOne();
      if (!c || c.dueAt === null) return 'nothing-to-do';
      const now = this.clock.now();
      const about = { caseId: c.caseId, reference: c.reference, at: now.toISOString() };
      const meta = { tenantId: c.tenantId, correlationId: c.caseId, causationId: null };
      if (phase === 'warn') {
        if (c.state !== 'running' || c.warnAt === null) return 'nothing-to-do';
        if (now < c.warnAt) return 'not-due';
        c.state = 'warned';
        c.warnedAt = now;
        await m.getRepository(SlaClock).save(c);
        await enqueueEvents(m, [
          {
            topic: TOPICS.workflowEvents,
            key: c.caseId,
            event: createEnvelope(slaWarningV1, {
              ...meta,
              payload: { ...about, target, dueAt: c.dueAt.toISOString(), elapsedShare: this.routing.warnAt },
            }),
          },
        ]);
        return 'warned';
      }
      if (c.state !== 'running' && c.state !== 'warned') return 'nothing-to-do';
      if (now < c.dueAt) return 'not-due';
      if (target === 'workflow-wake') {
        c.state = 'fired';
        await m.getRepository(SlaClock).save(c);
        arm = await this.runner.resume(m, caseId, { kind: 'wake' });
        return 'workflow-woken';
      }
      if (target === 'auto-close') {
        c.state = 'fired';
        await m.getRepository(SlaClock).save(c);
        await enqueueEvents(m, [
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
      await m.getRepository(SlaClock).save(c);
      const item = await m
        .getRepository(WorkItem)
        .createQueryBuilder('w')
        .where('w.case_id = :caseId', { caseId })
        .setLock('pessimistic_write')
        .getOne();
      const events: Parameters<typeof enqueueEvents>[1] = [];
      let escalatedTo: string | null = null;
      if (item && item.state !== 'done' && !item.escalated) {
        // To the supervisors of its queue, one step more urgent, for someone there to take.
        escalatedTo = escalationQueue(this.routing, item.queue);
        item.queue = escalatedTo;
        item.priority = Math.max(1, item.priority - 1);
        item.escalated = true;
        item.state = 'queued';
        item.assignee = null;
        item.assignedAt = null;
        await m.getRepository(WorkItem).save(item);
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
            payload: { ...about, target, dueAt: c.dueAt.toISOString(), elapsedShare: this.routing.warnAt },
          }),
        });
        await m.getRepository(SlaClock).save(c);
      }
      await enqueueEvents(m, events);
      return 'breached';
    });
    return { outcome, arm };
  }
}
