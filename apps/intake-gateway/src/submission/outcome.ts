import type { AcceptedResponse } from '@city/contracts';
import { ApiError } from '@city/platform-http';
import type { SubmissionOutcome } from './submit-request.usecase';

/** The accepted response, or the outcome's error thrown as an HTTP error (503 with Retry-After). */
export function acceptedOrThrow(outcome: SubmissionOutcome): AcceptedResponse {
  if (outcome.ok) return outcome.response;
  if (outcome.status === 503) throw new ApiError(503, outcome.message, undefined, outcome.retryAfterSeconds);
  throw new ApiError(outcome.status, outcome.message, outcome.errors);
}
