/** The mail server or provider refused the message for good (a bad address, a number not in service): retrying cannot help. */
export class PermanentDeliveryError extends Error {}
