import { coordinateText, typedPlace } from './map-settings';

describe('the map and the coordinate fields', () => {
  it('writes a coordinate from the map with at most six decimals', () => {
    expect(coordinateText(51.92250012345)).toBe('51.9225');
    expect(coordinateText(4.479171499)).toBe('4.479171');
    expect(coordinateText(-0.0000004)).toBe('0');
    expect(coordinateText(4.4791715)).toMatch(/^4\.47917[12]$/);
  });

  it('reads the typed coordinates as the request body does (a decimal comma is a point)', () => {
    expect(typedPlace('51.9225', '4.47917')).toEqual({ lat: 51.9225, long: 4.47917 });
    expect(typedPlace(' 51,9225 ', '4,47917')).toEqual({ lat: 51.9225, long: 4.47917 });
  });

  it('gives no place while a field is blank, not a number, or out of range', () => {
    expect(typedPlace('', '4.4')).toBeNull();
    expect(typedPlace('51.9', ' ')).toBeNull();
    expect(typedPlace('north', '4.4')).toBeNull();
    expect(typedPlace('91', '4.4')).toBeNull();
    expect(typedPlace('51.9', '-181')).toBeNull();
  });
});
