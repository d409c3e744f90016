/** The city's template book (loaded once at start; tests may give their own). */
export const TEMPLATE_BOOK = Symbol('TEMPLATE_BOOK');
