/** Each served city's routing (RoutingBook, routing-book.ts), provided once per service. */
export const ROUTING_BOOK = Symbol('ROUTING_BOOK');
