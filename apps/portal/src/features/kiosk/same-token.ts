/**
 * Whether the token staff typed is the one the kiosk keeps, compared byte for byte over the whole
 * of both, so that the time taken says nothing about how much of the start was right (as constant
 * as a browser's JavaScript allows; the token never leaves the device for this).
 */
export function sameToken(typed: string, kept: string): boolean {
  const a = new TextEncoder().encode(typed);
  const b = new TextEncoder().encode(kept);
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0 && b.length > 0;
}
