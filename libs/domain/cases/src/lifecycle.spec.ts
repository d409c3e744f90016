import { checkTransition } from './lifecycle';

describe('case lifecycle', () => {
  it('moves along the lifecycle', () => {
    expect(checkTransition('received', 'open', null)).toEqual({ ok: true });
    expect(checkTransition('open', 'in-progress', null)).toEqual({ ok: true });
    expect(checkTransition('in-progress', 'waiting-for-citizen', null)).toEqual({ ok: true });
    expect(checkTransition('waiting-for-citizen', 'in-progress', null)).toEqual({ ok: true });
    expect(checkTransition('in-progress', 'resolved', 'Repaired by crew 4')).toEqual({ ok: true });
    expect(checkTransition('resolved', 'closed', null)).toEqual({ ok: true });
  });

  it('outcomes and reopening need a reason', () => {
    expect(checkTransition('open', 'resolved', '  ')).toEqual({
      ok: false,
      field: 'reason',
      reason: 'required to mark a case resolved',
    });
    expect(checkTransition('resolved', 'open', null)).toEqual({
      ok: false,
      field: 'reason',
      reason: 'required to reopen',
    });
    expect(checkTransition('resolved', 'open', 'Still broken, says the citizen')).toEqual({ ok: true });
  });

  it('terminal outcomes never change, and skipping is refused', () => {
    expect(checkTransition('closed', 'open', 'x')).toEqual({
      ok: false,
      field: 'status',
      reason: 'a closed case cannot change',
    });
    expect(checkTransition('withdrawn', 'open', 'x')).toEqual({
      ok: false,
      field: 'status',
      reason: 'a withdrawn case cannot change',
    });
    expect(checkTransition('received', 'closed', 'x')).toEqual({
      ok: false,
      field: 'status',
      reason: 'cannot go from received to closed',
    });
    expect(checkTransition('open', 'open', null)).toEqual({
      ok: false,
      field: 'status',
      reason: 'the case is already open',
    });
  });
});
