import { Inject, Injectable } from '@nestjs/common';
import {
  caseResolvedByWorkflowV1,
  caseRoutedV1,
  citizenNotificationRequestedV1,
  createEnvelope,
  dueTimesSetV1,
  informationRequestedV1,
  TOPICS,
  type CaseOpenedV1,
  type ServiceDefinition,
} from '@city/contracts';
import { serviceLevelDue } from '@city/domain-calendar';
import { areaOf, route } from '@city/domain-routing';
import { advance, type Effect, type Input, type WorkflowDefinition } from '@city/domain-workflow';
import { Outbox, type OutboxItem } from '@city/platform-database';
import { CLOCK, type Clock } from '../clock';
import { SlaClock } from '../clocks/sla-clock.entity';
import { SlaClockRepository } from '../clocks/sla-clock.repository';
import { catalogueNotReady, reportsHazard } from '../routing/case-facts';
import type { RoutingBook } from '../routing/routing-book';
import { ROUTING_BOOK } from '../routing/routing.tokens';
import type { WorkItem } from '../work-items/work-item.entity';
import { WorkItemRepository } from '../work-items/work-item.repository';
import { ServiceCatalogue } from './service-catalogue';
import { WorkflowDefinitions } from './workflow-definitions.store';
import type { WorkflowRun } from './workflow-run.entity';
import { WorkflowRunRepository } from './workflow-run.repository';
import { workflowIdOf } from './workflow-of-service';

type Opened = WorkflowRun['opened'];

/** What one transaction's runs produce, written together at the end. */
class Effects {
  readonly newItems: Array<Partial<WorkItem>> = [];
  readonly newClocks: SlaClock[] = [];
  readonly changedClocks: SlaClock[] = [];
  readonly outbox: OutboxItem[] = [];
  /** Clocks whose timers are to be armed after the commit. */
  get toArm(): SlaClock[] {
    return [...this.newClocks, ...this.changedClocks];
  }
}

/**
 * Runs each case's workflow: starts it when the case opens, moves it on when the case changes or a
 * wake-up comes, and carries out what its steps ask for, in the caller's transaction (so an effect
 * and the run's new state are written together, once). Its callers run it inside their
 * Transaction: the repositories and the outbox it writes through take part in it.
 */
@Injectable()
export class WorkflowRunner {
  constructor(
    private readonly catalogue: ServiceCatalogue,
    private readonly definitions: WorkflowDefinitions,
    private readonly runs: WorkflowRunRepository,
    private readonly items: WorkItemRepository,
    private readonly clocks: SlaClockRepository,
    private readonly outbox: Outbox,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private definitionFor(city: string, service: ServiceDefinition): WorkflowDefinition {
    const id = workflowIdOf(service);
    const d = this.definitions.latest(city, id);
    if (!d)
      throw new Error(`service ${service.code} names workflow ${id}, which is not in catalogue/workflows`);
    return d;
  }

  private serviceOf(o: Opened): ServiceDefinition {
    const s = this.catalogue.get(o.service.code, o.tenantId);
    if (!s) throw catalogueNotReady(o.service.code);
    return s;
  }

  /** What a workflow's branches look at: attributes, district, hazard. */
  private branchFacts(o: Opened) {
    return {
      attributes: o.attributes,
      area: areaOf(o.location, this.routing.of(o.tenantId).areas)?.id ?? null,
      hazard: reportsHazard(this.serviceOf(o), o.attributes),
    };
  }

  private factsOf(o: Opened) {
    return {
      serviceCode: o.service.code,
      defaultQueue: o.service.defaultQueue,
      channel: o.channel,
      location: o.location ? { lat: o.location.lat, long: o.location.long } : null,
      attributes: o.attributes,
      hazard: reportsHazard(this.serviceOf(o), o.attributes),
      supportNeeds: o.supportNeeds,
      language: o.language,
    };
  }

  /** Starts the workflows of new cases (duplicates excluded by the caller). Returns the clocks to arm. */
  async start(events: CaseOpenedV1[]): Promise<SlaClock[]> {
    const fx = new Effects();
    const runs: Array<Partial<WorkflowRun>> = [];
    for (const e of events) {
      const opened: Opened = {
        ...e.payload,
        correlationId: e.correlationId,
        eventId: e.eventId,
        tenantId: e.tenantId,
      };
      const d = this.definitionFor(opened.tenantId, this.serviceOf(opened));
      const { state, effects } = advance(d, null, this.branchFacts(opened), { kind: 'start' });
      await this.apply(opened, d, effects, fx, true);
      runs.push({
        caseId: opened.caseId,
        tenantId: opened.tenantId,
        workflowId: d.id,
        workflowVersion: d.version,
        step: state.step,
        status: state.status,
        waitingFor: state.waitingFor,
        trail: state.trail,
        opened,
        updatedAt: this.clock.now(),
      });
    }
    await this.runs.addNew(runs);
    await this.write(fx);
    return fx.toArm;
  }

  /** Moves a case's run on (an event it waits for, or its wake-up). Returns the clocks to arm. */
  async resume(caseId: string, input: Input): Promise<SlaClock[]> {
    const run = await this.runs.lockOfCase(caseId);
    if (!run || run.status !== 'waiting') return [];
    const d = this.definitions.version(run.tenantId, run.workflowId, run.workflowVersion);
    if (!d) throw new Error(`workflow ${run.workflowId} version ${run.workflowVersion} is not stored`);
    const before = { step: run.step, status: run.status, waitingFor: run.waitingFor, trail: run.trail };
    const { state, effects } = advance(d, before, this.branchFacts(run.opened), input);
    if (state === before) return [];
    const fx = new Effects();
    await this.apply(run.opened, d, effects, fx, false);
    Object.assign(run, {
      step: state.step,
      status: state.status,
      waitingFor: state.waitingFor,
      trail: state.trail,
      updatedAt: this.clock.now(),
    });
    await this.runs.save(run);
    await this.write(fx);
    return fx.toArm;
  }

  /**
   * The service a case's run was started for, as the catalogue has it now (locking the run for the
   * transaction under way); undefined for a case without a run (a duplicate). A service the catalogue
   * has not delivered yet is a passing condition, retried (as when the run moves on).
   */
  async serviceOfCase(caseId: string): Promise<ServiceDefinition | undefined> {
    const run = await this.runs.lockOfCase(caseId);
    return run ? this.serviceOf(run.opened) : undefined;
  }

  /** Ends a run whose case ended without it (an agent closed what it was waiting on). */
  async stop(caseId: string): Promise<void> {
    await this.runs.endWaiting(caseId, this.clock.now());
  }

  private async apply(
    o: Opened,
    d: WorkflowDefinition,
    effects: Effect[],
    fx: Effects,
    fresh: boolean,
  ): Promise<void> {
    const at = this.clock.now();
    const about = { caseId: o.caseId, reference: o.reference, at: at.toISOString() };
    const meta = { tenantId: o.tenantId, correlationId: o.correlationId, causationId: o.eventId };
    const routing = this.routing.of(o.tenantId);
    const cal = routing.calendar;
    const clocksOfCase = async () => [
      ...fx.newClocks.filter((c) => c.caseId === o.caseId),
      ...(fresh ? [] : await this.clocks.ofCase(o.caseId)),
    ];
    for (const effect of effects) {
      switch (effect.kind) {
        case 'set-sla': {
          const service = this.serviceOf(o);
          const start = new Date(o.receivedAt); // from when the citizen asked, whatever the channel
          const targets = [
            ...(service.sla.firstResponse
              ? [{ kind: 'first-response' as const, spec: service.sla.firstResponse }]
              : []),
            { kind: 'resolution' as const, spec: service.sla.resolution },
          ];
          const made = targets.map(({ kind, spec }) => {
            const { warnAt, dueAt } = serviceLevelDue(cal, start, spec, routing.warnAt);
            return Object.assign(new SlaClock(), {
              caseId: o.caseId,
              target: kind,
              tenantId: o.tenantId,
              reference: o.reference,
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
          fx.newClocks.push(...made);
          const due = (k: string) => made.find((c) => c.target === k)?.dueAt ?? null;
          if (!fresh) await this.items.setDueTimes(o.caseId, due('first-response'), due('resolution'));
          fx.outbox.push({
            topic: TOPICS.workflowEvents,
            key: o.caseId,
            event: createEnvelope(dueTimesSetV1, {
              ...meta,
              payload: {
                ...about,
                firstResponseDueAt: due('first-response')?.toISOString() ?? null,
                resolutionDueAt: due('resolution')!.toISOString(),
                calendar: cal.id,
              },
            }),
          });
          break;
        }
        case 'assign-queue': {
          // The city's own rules decide urgency and skills; a service it hands another city goes to
          // that city's queue for it (its service level and calendar stay this city's, set above).
          const decision = route(this.factsOf(o), routing.rules, routing.areas);
          const worker = this.routing.workerOf(o.tenantId, o.service.code);
          const queue = worker?.queue ?? decision.queue;
          const clocks = await clocksOfCase();
          const due = (k: string) => clocks.find((c) => c.target === k)?.dueAt ?? null;
          fx.newItems.push({
            caseId: o.caseId,
            tenantId: o.tenantId,
            workedBy: worker?.city ?? o.tenantId,
            reference: o.reference,
            serviceCode: o.service.code,
            channel: o.channel,
            queue,
            priority: decision.priority,
            skills: decision.skills,
            state: 'queued',
            assignee: null,
            escalated: false,
            routingRule: decision.rule,
            area: decision.area,
            firstResponseDueAt: due('first-response'),
            resolutionDueAt: due('resolution'),
            receivedAt: new Date(o.receivedAt),
            assignedAt: null,
          });
          fx.outbox.push({
            topic: TOPICS.workflowEvents,
            key: o.caseId,
            event: createEnvelope(caseRoutedV1, {
              ...meta,
              payload: {
                ...about,
                queue,
                priority: decision.priority,
                skills: decision.skills,
                rule: decision.rule,
                ...(worker ? { workedBy: worker.city } : {}),
              },
            }),
          });
          break;
        }
        case 'notify-citizen':
          fx.outbox.push({
            topic: TOPICS.workflowEvents,
            key: o.caseId,
            event: createEnvelope(citizenNotificationRequestedV1, {
              ...meta,
              payload: { ...about, template: effect.template, workflow: d.id, step: effect.step },
            }),
          });
          break;
        case 'request-information':
          fx.outbox.push({
            topic: TOPICS.workflowEvents,
            key: o.caseId,
            event: createEnvelope(informationRequestedV1, {
              ...meta,
              payload: { ...about, template: effect.template, workflow: d.id, step: effect.step },
            }),
          });
          break;
        case 'close':
          fx.outbox.push({
            topic: TOPICS.workflowEvents,
            key: o.caseId,
            event: createEnvelope(caseResolvedByWorkflowV1, {
              ...meta,
              payload: { ...about, reason: effect.reason, workflow: d.id, step: effect.step },
            }),
          });
          break;
        case 'wake-after': {
          // The wake-up is a clock like the others: due time in Postgres, timer in BullMQ, fired once.
          const { dueAt } = serviceLevelDue(cal, at, effect.duration, 1);
          const existing = fresh ? undefined : await this.clocks.findOne(o.caseId, 'workflow-wake');
          const wake = Object.assign(existing ?? new SlaClock(), {
            caseId: o.caseId,
            target: 'workflow-wake' as const,
            tenantId: o.tenantId,
            reference: o.reference,
            targetValue: effect.duration.value,
            targetUnit: effect.duration.unit,
            calendar: cal.id,
            startedAt: at,
            pauses: [],
            warnAt: null,
            dueAt,
            state: 'running' as const,
            warnedAt: null,
            breachedAt: null,
          });
          if (existing) fx.changedClocks.push(wake);
          else fx.newClocks.push(wake);
          break;
        }
      }
    }
  }

  private async write(fx: Effects): Promise<void> {
    await this.items.addNew(fx.newItems);
    await this.clocks.addNew(fx.newClocks);
    if (fx.changedClocks.length > 0) await this.clocks.save(fx.changedClocks);
    await this.outbox.enqueue(fx.outbox);
  }
}
