import { sameToken } from './same-token';

describe("the staff's token check", () => {
  const kept = 'demo-kiosk-token-01';

  it('opens for the kept token only', () => {
    expect(sameToken(kept, kept)).toBe(true);
    for (const typed of [
      'demo-kiosk-token-02',
      'demo-kiosk-token-0',
      'demo-kiosk-token-011',
      '',
      'Demo-kiosk-token-01',
    ])
      expect(sameToken(typed, kept)).toBe(false);
  });

  it('compares bytes, not characters, and never opens for an empty kept token', () => {
    expect(sameToken('tökén', 'tökén')).toBe(true);
    expect(sameToken('tokén', 'tökén')).toBe(false);
    expect(sameToken('', '')).toBe(false);
  });
});
