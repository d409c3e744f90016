import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { caseRoutedV1, createEnvelope, dueTimesSetV1, TOPICS, type CaseOpenedV1, type ServiceDefinition } from '@city/contracts';
import { serviceLevelDue } from '@city/domain-calendar';
import { route } from '@city/domain-routing';
import { claimEvents, enqueueEvents, insertMany } from '@city/platform-database';
import { CatalogueStore } from '@city/platform-kafka';
import { CLOCK, type Clock } from '../../clock';
import { SlaClock } from '../../sla/sla-clock.entity';
import { WorkItem } from '../../work-items/work-item.entity';
import { ROUTING_CONFIG } from '../routing.tokens';
import type { RoutingConfig } from '../routing-config';

export const ROUTE_CASE_CONSUMER = 'workflow-service.route-case';

/** The catalogue has not delivered the case's service yet: a passing condition, retried. */
export class CatalogueNotReadyError extends Error {}

/** Whether a reported attribute value is one the catalogue marks as a safety hazard. */
export function reportsHazard(service: ServiceDefinition, attributes: Record<string, string | number | string[]>): boolean {
  return service.attributes.some((a) => {
    const v = attributes[a.code];
    if (!a.safetyHazardWhen || v === undefined) return false;
    return (Array.isArray(v) ? v : [String(v)]).some((x) => a.safetyHazardWhen!.includes(x));
  });
}

/**
 * A new case runs its service's treatment, the same from every channel: routed by the city's rules
 * to a queue with a priority and required skills, its service-level clocks started on the business
 * calendar from when the citizen asked, queued as a work item; CaseRouted and DueTimesSet go out
 * through the outbox. A duplicate is not routed: the original carries the work. A batch of events is
 * one transaction with a fixed number of statements (the case-service's pattern).
 */
@Injectable()
export class RouteCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueStore,
    @Inject(ROUTING_CONFIG) private readonly routing: RoutingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Routes a batch of new cases in one transaction (a batch of one is the one-by-one path the
   * consumer falls back to). Returns the clocks whose timers are to be armed after the commit.
   */
  async execute(events: CaseOpenedV1[]): Promise<{ routed: number; skipped: number; clocks: SlaClock[] }> {
    for (const e of events) {
      if (!e.payload.duplicateOf && !this.catalogue.get(e.payload.service.code, e.tenantId)) {
        throw new CatalogueNotReadyError(`service ${e.payload.service.code} is not in the catalogue (yet)`);
      }
    }
    return this.dataSource.transaction(async (m) => {
      const claimed = await claimEvents(m, ROUTE_CASE_CONSUMER, events.map((e) => e.eventId));
      // Each event once; a duplicate is not routed: the original carries the work.
      const todo = events.filter((e) => claimed.delete(e.eventId) && !e.payload.duplicateOf);
      const items: Array<Partial<WorkItem>> = [];
      const clocks: SlaClock[] = [];
      const outbox: Parameters<typeof enqueueEvents>[1] = [];
      const at = this.clock.now().toISOString();
      const cal = this.routing.calendar;
      for (const event of todo) {
        const p = event.payload;
        const service = this.catalogue.get(p.service.code, event.tenantId)!;
        const decision = route(
          {
            serviceCode: p.service.code,
            defaultQueue: p.service.defaultQueue,
            channel: p.channel,
            location: p.location ? { lat: p.location.lat, long: p.location.long } : null,
            attributes: p.attributes,
            hazard: reportsHazard(service, p.attributes),
            supportNeeds: p.supportNeeds,
            language: p.language,
          },
          this.routing.rules,
          this.routing.areas,
        );
        // The clocks run from when the citizen asked, whatever the channel.
        const start = new Date(p.receivedAt);
        const targets = [
          ...(service.sla.firstResponse ? [{ kind: 'first-response' as const, spec: service.sla.firstResponse }] : []),
          { kind: 'resolution' as const, spec: service.sla.resolution },
        ];
        const mine = targets.map(({ kind, spec }) => {
          const { warnAt, dueAt } = serviceLevelDue(cal, start, spec, this.routing.warnAt);
          return Object.assign(new SlaClock(), {
            caseId: p.caseId,
            target: kind,
            tenantId: event.tenantId,
            reference: p.reference,
            targetValue: spec.value,
            targetUnit: spec.unit,
            calendar: cal.id,
            startedAt: start,
            pauses: [],
            warnAt,
            dueAt,
            state: 'running' as const,
            warnedAt: null,
            breachedAt: null,
          });
        });
        clocks.push(...mine);
        const due = (k: 'first-response' | 'resolution') => mine.find((c) => c.target === k)?.dueAt ?? null;
        items.push({
          caseId: p.caseId,
          tenantId: event.tenantId,
          reference: p.reference,
          serviceCode: p.service.code,
          channel: p.channel,
          queue: decision.queue,
          priority: decision.priority,
          skills: decision.skills,
          state: 'queued',
          assignee: null,
          escalated: false,
          routingRule: decision.rule,
          area: decision.area,
          firstResponseDueAt: due('first-response'),
          resolutionDueAt: due('resolution'),
          receivedAt: start,
          assignedAt: null,
        });
        const about = { caseId: p.caseId, reference: p.reference, at };
        const meta = { tenantId: event.tenantId, correlationId: event.correlationId, causationId: event.eventId };
        outbox.push(
          { topic: TOPICS.workflowEvents, key: p.caseId, event: createEnvelope(caseRoutedV1, { ...meta, payload: { ...about, queue: decision.queue, priority: decision.priority, skills: decision.skills, rule: decision.rule } }) },
          {
            topic: TOPICS.workflowEvents,
            key: p.caseId,
            event: createEnvelope(dueTimesSetV1, { ...meta, payload: { ...about, firstResponseDueAt: due('first-response')?.toISOString() ?? null, resolutionDueAt: due('resolution')!.toISOString(), calendar: cal.id } }),
          },
        );
      }
      await insertMany(m, WorkItem, items);
      await insertMany(m, SlaClock, clocks);
      await enqueueEvents(m, outbox);
      return { routed: todo.length, skipped: events.length - todo.length, clocks };
    });
  }
}

