/**
 * The shape of a request reference that a citizen reads over the phone: ten characters of Crockford's
 * base32 (no I, L, O or U, so nothing is misheard or misread) and one check character, grouped 4-4-3,
 * e.g. "EA49-HVS1-TVR". Making and checking references lives in @city/domain-intake.
 */
export const REFERENCE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$/;
