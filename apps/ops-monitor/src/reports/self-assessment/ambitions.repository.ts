import type { Ambition } from './self-assessment';

/** Where the city's ambitions are kept. */
export abstract class AmbitionsRepository {
  abstract list(tenantId: string): Promise<Ambition[]>;
  /** Replaces every ambition of the city, recording who. */
  abstract replace(tenantId: string, ambitions: Ambition[], by: string, at: Date): Promise<void>;
}

/** The services the city offers and on which channels (its catalogue). */
export abstract class OfferedServices {
  abstract list(tenantId: string): Array<{
    code: string;
    lgslId: number;
    channels: Array<'web' | 'phone' | 'kiosk' | 'counter'>;
  }>;
}
