import type { Ambition } from '@city/contracts';
import { bodyOf, draftsOf, rowOfField } from './ambitions-form';

const ambitions: Ambition[] = [
  { lgslId: null, offerOnline: true, digitalTakeUpPercent: 60, withinSlaPercent: 90 },
  { lgslId: 524, offerOnline: null, digitalTakeUpPercent: 75, withinSlaPercent: null },
  { lgslId: 900, offerOnline: false, digitalTakeUpPercent: null, withinSlaPercent: null },
];

describe('the ambitions form', () => {
  it('has the city first, then every offered service and every service with an ambition, by LGSL id', () => {
    const drafts = draftsOf(ambitions, [557, 524]);
    expect(drafts).toEqual([
      { lgslId: null, offerOnline: 'yes', digitalTakeUp: '60', withinSla: '90' },
      { lgslId: 524, offerOnline: '', digitalTakeUp: '75', withinSla: '' },
      { lgslId: 557, offerOnline: '', digitalTakeUp: '', withinSla: '' },
      { lgslId: 900, offerOnline: 'no', digitalTakeUp: '', withinSla: '' },
    ]);
  });

  it('sends back what it read unchanged, leaving out services that follow the city', () => {
    expect(bodyOf(draftsOf(ambitions, [557]), '  ')).toEqual({
      city: { offerOnline: true, digitalTakeUpPercent: 60, withinSlaPercent: 90 },
      services: [
        { lgslId: 524, digitalTakeUpPercent: 75 },
        { lgslId: 900, offerOnline: false },
      ],
    });
  });

  it('reads a decimal comma, keeps the reason, and sends what it cannot read for the service to refuse', () => {
    const drafts = draftsOf(ambitions, []);
    drafts[0].withinSla = '92,5';
    drafts[1].digitalTakeUp = 'lots';
    const body = bodyOf(drafts, 'Council decision 2026-41');
    expect(body.city.withinSlaPercent).toBe(92.5);
    expect(body.services[0].digitalTakeUpPercent).toBeNaN();
    expect(body.reason).toBe('Council decision 2026-41');
  });

  it('finds the row of a field the service refused', () => {
    const body = bodyOf(draftsOf(ambitions, []), '');
    expect(rowOfField('services[1].offerOnline', body)).toBe(900);
    expect(rowOfField('services.0.digitalTakeUpPercent', body)).toBe(524);
    expect(rowOfField('city.withinSlaPercent', body)).toBeNull();
    expect(rowOfField('reason', body)).toBeUndefined();
  });
});
