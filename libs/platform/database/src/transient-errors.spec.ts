import { isTransientDatabaseError } from './transient-errors';

describe('isTransientDatabaseError', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }],
    [{ driverError: { code: '57P01', message: 'terminating connection due to administrator command' } }],
    [{ driverError: { code: '08006' } }],
    [new Error('Connection terminated unexpectedly')],
    [{ driverError: { code: '57P03', message: 'the database system is starting up' } }],
    // What pg says when a pooled client lost its connection in a restart, before the pool drops it.
    [new Error('Client has encountered a connection error and is not queryable')],
    [new Error('Client was closed and is not queryable')],
  ])('the database being away is transient: %j', (e) => expect(isTransientDatabaseError(e)).toBe(true));

  it.each([
    [{ driverError: { code: '23505', message: 'duplicate key value violates unique constraint' } }],
    [new Error('case not found')],
    [null],
  ])('a fault of the message is not: %j', (e) => expect(isTransientDatabaseError(e)).toBe(false));
});
