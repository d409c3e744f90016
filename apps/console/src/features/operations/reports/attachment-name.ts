/** The file name a service gives an attachment (`filename*=` or `filename=` of Content-Disposition). */
export function attachmentName(disposition: string | null, fallback: string): string {
  const d = disposition ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(d);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return fallback;
    }
  }
  const plain = /filename="([^"]+)"/i.exec(d) ?? /filename=([^;\s]+)/i.exec(d);
  return plain ? plain[1] : fallback;
}
