import { durationText, numberText, orDash } from './format';

describe('figures as people read them', () => {
  it('a wait in the largest unit that keeps it readable', () => {
    expect(durationText(42, 'en')).toBe('42 sec');
    expect(durationText(89, 'en')).toBe('89 sec');
    expect(durationText(12 * 60 + 10, 'en')).toBe('12 min');
    expect(durationText(3.5 * 3600, 'en')).toBe('3.5 hr');
    expect(durationText(30 * 3600, 'en')).toBe('30 hr');
    expect(durationText(3 * 86_400, 'en')).toBe('3 days');
    expect(durationText(-5, 'en')).toBe('0 sec');
  });

  it("in the person's language", () => {
    expect(durationText(3.5 * 3600, 'nl')).toBe('3,5 uur');
    expect(numberText(62.5, 'sv')).toBe('62,5');
  });

  it('a dash for a figure nothing was there to measure', () => {
    expect(orDash(null, String)).toBe('—');
    expect(orDash(0, String)).toBe('0');
  });
});
