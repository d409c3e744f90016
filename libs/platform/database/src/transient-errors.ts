/**
 * Whether an error means "the database is away for now" (down, restarting, refusing connections,
 * out of connections) rather than "this message cannot be handled". Consumers retry the first kind
 * until the database is back, and dead-letter only the second.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const e = error as {
    code?: string;
    driverError?: { code?: string; message?: string };
    message?: string;
  } | null;
  if (!e) return false;
  const code = e.driverError?.code ?? e.code ?? '';
  // Class 08 connection exceptions; 57P01-03 shutdown and start-up; 53300 too many connections; 40001/40P01 retry.
  if (
    /^08/.test(code) ||
    [
      '57P01',
      '57P02',
      '57P03',
      '53300',
      '40001',
      '40P01',
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
    ].includes(code)
  )
    return true;
  const message = `${e.driverError?.message ?? ''} ${e.message ?? ''}`;
  return /Connection terminated|terminating connection|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|Connection refused|connect ECONNREFUSED|Query runner already released|query runner was already released|not queryable|Client was closed|Connection is not established|read ECONNRESET|socket hang up/i.test(
    message,
  );
}
