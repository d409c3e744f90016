import type { Interaction } from './interaction.entity';

export type NewInteraction = Omit<Interaction, 'id'>;

/** The port to every contact with a citizen, on every channel, inbound and outbound. */
export abstract class InteractionRepository {
  abstract add(interactions: NewInteraction[]): Promise<void>;
  /** The contacts about a case, oldest first. */
  abstract ofCase(caseId: string): Promise<Interaction[]>;
  /** A citizen's contacts, newest first. */
  abstract ofCitizen(partyId: string): Promise<Interaction[]>;
}
