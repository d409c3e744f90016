import { DomainError } from '@city/contracts';

/** The agent or clerk has no work profile yet. */
export const noWorkProfile = (agentId: string): DomainError =>
  DomainError.notFound(
    'agents.no-profile',
    `No work profile for ${agentId}; set one with PUT /api/v1/agents/${agentId}.`,
  );
