/** What proves a request is the citizen's: the email or the phone number they gave with it. */
export type SecondFactor = { email: string } | { phone: string };

/** An email if it has an @, a phone number otherwise (the services normalise the number). */
export const secondFactorOf = (contact: string): SecondFactor =>
  contact.includes('@') ? { email: contact.trim() } : { phone: contact.trim() };

/** The second factor as a query string, for the services' GET routes. */
export const factorQuery = (f: SecondFactor) =>
  'email' in f ? `email=${encodeURIComponent(f.email)}` : `phone=${encodeURIComponent(f.phone)}`;

/** The request's path on the case-service. */
export const requestPath = (reference: string) => `/api/v1/requests/${encodeURIComponent(reference)}`;
