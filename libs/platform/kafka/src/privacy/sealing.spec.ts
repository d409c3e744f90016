import { randomUUID } from 'node:crypto';
import { personalEvent } from './sealing.fixture';
import { isSealed, newDataKey, openEnvelope, sealEnvelope, sealedOf, unwrapKey, wrapKey } from './sealing';

const event = personalEvent;

describe('sealed events (crypto-shredding)', () => {
  it('seals the payload alone, and opens to the event as it was with its key', () => {
    const key = newDataKey();
    const e = event();
    const sealed = sealEnvelope(e, 'case.events.v1/c1#a', key);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(e)).toBe(false);
    expect(JSON.stringify(sealed)).not.toMatch(/anna|deep hole/);
    expect(sealed).toMatchObject({
      eventId: e.eventId,
      type: 'CaseOpened',
      tenantId: 'default',
      payload: null,
    });
    expect(openEnvelope(JSON.parse(JSON.stringify(sealed)), key)).toEqual(e);
  });

  it('tells a sealed value from one in the clear, one not JSON and none', () => {
    const sealed = sealEnvelope(event(), 'k', newDataKey());
    expect(sealedOf(Buffer.from(JSON.stringify(sealed)))).toEqual(sealed);
    expect(sealedOf(JSON.stringify(sealed))).toEqual(sealed);
    expect(sealedOf(JSON.stringify(event()))).toBeNull();
    expect(sealedOf('{"sealed":{ not json')).toBeNull();
    expect(sealedOf(JSON.stringify({ sealed: { kid: 1 } }))).toBeNull();
    expect(sealedOf(null)).toBeNull();
  });

  it('does not open with another key, nor when moved to another event or altered', () => {
    const key = newDataKey();
    const sealed = sealEnvelope(event(), 'k', key);
    expect(() => openEnvelope(sealed, newDataKey())).toThrow();
    expect(() => openEnvelope({ ...sealed, eventId: randomUUID() }, key)).toThrow();
    expect(() => openEnvelope({ ...sealed, tenantId: 'other-city' }, key)).toThrow();
    const data = Buffer.from(sealed.sealed.data, 'base64');
    data[0] ^= 1;
    expect(() =>
      openEnvelope({ ...sealed, sealed: { ...sealed.sealed, data: data.toString('base64') } }, key),
    ).toThrow();
  });

  it('wraps a data key for the key topic, bound to its name, opened by the master key alone', () => {
    const master = newDataKey();
    const key = newDataKey();
    const wrapped = wrapKey(master, 'case.events.v1/c1#a', key);
    expect(unwrapKey(master, 'case.events.v1/c1#a', wrapped).equals(key)).toBe(true);
    expect(() => unwrapKey(newDataKey(), 'case.events.v1/c1#a', wrapped)).toThrow();
    expect(() => unwrapKey(master, 'case.events.v1/c2#a', wrapped)).toThrow();
  });
});
