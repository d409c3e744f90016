import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  advance,
  definitionProblems,
  type CaseFacts,
  type RunState,
  type WorkflowDefinition,
} from './workflow';

const load = (id: string) =>
  parse(readFileSync(`catalogue/workflows/${id}.yaml`, 'utf8')) as WorkflowDefinition;
const fieldReport = load('field-report');
const application = load('application-with-documents');
const firstContact = load('first-contact-answer');
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  attributes: {},
  area: null,
  hazard: false,
  ...over,
});
const kinds = (r: { effects: Array<{ kind: string }> }) => r.effects.map((e) => e.kind);

describe('the seeded workflows', () => {
  it.each([fieldReport, application, firstContact, load('case-work')])('$id is a valid definition', (d) => {
    expect(definitionProblems(d)).toEqual([]);
  });
});

describe('advance', () => {
  it('a field report: clocks, queue, a message by hazard, then waits for the repair', () => {
    const started = advance(fieldReport, null, facts({ hazard: true }), { kind: 'start' });
    expect(kinds(started)).toEqual(['set-sla', 'assign-queue', 'notify-citizen']);
    expect(started.effects[2]).toMatchObject({ template: 'report-received-urgent' });
    expect(started.state).toMatchObject({ step: 'wait-fix', status: 'waiting', waitingFor: 'resolved' });
    expect(advance(fieldReport, null, facts(), { kind: 'start' }).effects[2]).toMatchObject({
      template: 'report-received',
    });
    // Another event, or the start again, changes nothing.
    expect(
      advance(fieldReport, started.state, facts(), { kind: 'event', event: 'information-received' }),
    ).toEqual({ state: started.state, effects: [] });
    expect(advance(fieldReport, started.state, facts(), { kind: 'start' }).effects).toEqual([]);
    const fixed = advance(fieldReport, started.state, facts(), { kind: 'event', event: 'resolved' });
    expect(fixed.effects).toEqual([
      { kind: 'notify-citizen', step: 'tell-fixed', template: 'report-resolved' },
    ]);
    expect(fixed.state).toMatchObject({
      status: 'done',
      trail: ['clocks', 'route', 'hazard', 'tell-urgent', 'wait-fix', 'tell-fixed'],
    });
  });

  it('an application waits for the document (with a timeout), reminds once, then gives up', () => {
    const started = advance(application, null, facts(), { kind: 'start' });
    expect(started.effects).toEqual([
      { kind: 'set-sla', step: 'clocks' },
      { kind: 'notify-citizen', step: 'tell-received', template: 'application-received' },
      { kind: 'request-information', step: 'ask', template: 'send-proof-of-address' },
      { kind: 'wake-after', step: 'wait-document', duration: { value: 10, unit: 'working-days' } },
    ]);
    const reminded = advance(application, started.state, facts(), { kind: 'wake' });
    expect(reminded.effects).toEqual([
      { kind: 'notify-citizen', step: 'remind', template: 'document-reminder' },
      { kind: 'wake-after', step: 'wait-again', duration: { value: 5, unit: 'working-days' } },
    ]);
    const answered = advance(application, reminded.state, facts(), {
      kind: 'event',
      event: 'information-received',
    });
    expect(kinds(answered)).toEqual(['assign-queue']);
    expect(answered.state).toMatchObject({ step: 'wait-decision', waitingFor: 'resolved' });
    const unanswered = advance(application, reminded.state, facts(), { kind: 'wake' });
    expect(unanswered.effects).toEqual([
      { kind: 'close', step: 'give-up', reason: 'No document received after a reminder' },
    ]);
    expect(unanswered.state.status).toBe('done');
  });

  it('an information request is answered and closed at first contact, without a queue', () => {
    const r = advance(firstContact, null, facts(), { kind: 'start' });
    expect(kinds(r)).toEqual(['set-sla', 'notify-citizen', 'close']);
    expect(r.state).toMatchObject({ status: 'done', step: 'done' });
  });

  it('branches on attributes and districts', () => {
    const d: WorkflowDefinition = {
      id: 'b',
      version: 1,
      name: 'b',
      start: 'if',
      steps: [
        {
          id: 'if',
          type: 'IF',
          when: { attribute: { code: 'waste-type', in: ['asbestos'] }, areas: ['noord'] },
          then: 'special',
          else: 'normal',
        },
        { id: 'special', type: 'NOTIFY_CITIZEN', template: 'special' },
        { id: 'normal', type: 'NOTIFY_CITIZEN', template: 'normal' },
      ],
    };
    expect(
      advance(d, null, facts({ attributes: { 'waste-type': ['tyres', 'asbestos'] }, area: 'noord' }), {
        kind: 'start',
      }).effects[0],
    ).toMatchObject({ template: 'special' });
    expect(
      advance(d, null, facts({ attributes: { 'waste-type': ['asbestos'] }, area: 'zuid' }), { kind: 'start' })
        .effects[0],
    ).toMatchObject({ template: 'normal' });
  });

  it('a delay wakes the run on', () => {
    const d: WorkflowDefinition = {
      id: 'd',
      version: 1,
      name: 'd',
      start: 'wait',
      steps: [
        { id: 'wait', type: 'DELAY', duration: { value: 2, unit: 'hours' }, next: 'tell' },
        { id: 'tell', type: 'NOTIFY_CITIZEN', template: 'later' },
      ],
    };
    const waiting = advance(d, null, facts(), { kind: 'start' });
    expect(waiting.state).toMatchObject({ status: 'waiting', waitingFor: 'time' });
    expect(advance(d, waiting.state as RunState, facts(), { kind: 'wake' }).effects).toEqual([
      { kind: 'notify-citizen', step: 'tell', template: 'later' },
    ]);
  });
});

describe('definitionProblems', () => {
  it('finds missing steps, unreachable steps, half timeouts and loops without a wait', () => {
    expect(
      definitionProblems({
        id: 'x',
        version: 1,
        name: 'x',
        start: 'a',
        steps: [
          { id: 'a', type: 'NOTIFY_CITIZEN', template: 't', next: 'b' },
          { id: 'b', type: 'IF', when: { hazard: true }, then: 'a', else: 'nowhere' },
          { id: 'c', type: 'WAIT_FOR_EVENT', event: 'resolved', timeout: { value: 1, unit: 'hours' } },
        ],
      }),
    ).toEqual([
      'step b: goes to nowhere, which does not exist',
      'step c: a timeout needs onTimeout, and onTimeout a timeout',
    ]);
    expect(
      definitionProblems({
        id: 'y',
        version: 1,
        name: 'y',
        start: 'a',
        steps: [
          { id: 'a', type: 'NOTIFY_CITIZEN', template: 't', next: 'b' },
          { id: 'b', type: 'IF', when: { hazard: true }, then: 'a', else: 'a' },
          { id: 'z', type: 'CLOSE', reason: 'r' },
        ],
      }),
    ).toEqual(['step z: cannot be reached from a', 'the steps loop without a wait or a delay']);
  });
});
