/** One CSV cell (RFC 4180 quoting), never read as a formula by a spreadsheet. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  const safe = typeof v === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as CSV: a header line and one line per row, CRLF line ends. */
export function csvOf(
  header: readonly string[],
  rows: Array<Array<string | number | boolean | null | undefined>>,
): string {
  return [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}
