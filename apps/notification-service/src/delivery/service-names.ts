/** The names of the city's services, by language, as messages speak of them (the port; the catalogue holds them). */
export abstract class ServiceNames {
  /** A service's name in each language it has one in; undefined for a service the catalogue does not know. */
  abstract of(serviceCode: string, tenantId: string): Record<string, string> | undefined;
}
