import type { Actor, Role } from './actor';
import type { RequestWithActor } from './auth.guard';
import { authConfigSchema } from './auth-config';
import { AuthModule } from './auth.module';
import { cityOf } from './city';
import { TokenVerifier } from './token-verifier';

const person = (tenant: string): Actor => ({
  kind: 'user',
  subject: 's',
  name: 'agent-17',
  displayName: null,
  givenName: null,
  familyName: null,
  roles: ['agent'],
  tenant,
  clientId: 'console',
  email: null,
  office: null,
});
const service: Actor = { ...person(''), kind: 'service', name: 'notification-service', roles: ['service'] };

const request = (o: { actor?: Actor; cities: string[]; city?: string }): RequestWithActor =>
  ({ actor: o.actor, cities: o.cities, headers: o.city ? { 'x-city': o.city } : {} }) as never;

describe('the city of a request', () => {
  const two = ['default', 'malmo'];

  it("is a signed-in person's own, whatever city the request names", () => {
    expect(cityOf(request({ actor: person('malmo'), cities: two }))).toBe('malmo');
    expect(cityOf(request({ actor: person('malmo'), cities: two, city: 'default' }))).toBe('malmo');
    // On a public route, the city of the valid token that came with it (the guard's personCity).
    const onPublic = {
      ...request({ cities: two, city: 'default' }),
      personCity: 'malmo',
    } as RequestWithActor;
    expect(cityOf(onPublic)).toBe('malmo');
  });

  it('is the city a platform service or an anonymous caller names, if it is one served', () => {
    expect(cityOf(request({ actor: service, cities: two, city: 'malmo' }))).toBe('malmo');
    expect(cityOf(request({ cities: two, city: ' default ' }))).toBe('default');
    expect(() => cityOf(request({ cities: two, city: 'rivertown' }))).toThrow(
      expect.objectContaining({
        status: 400,
        response: expect.objectContaining({
          errors: [{ field: 'X-City', reason: 'not one of the cities served (default, malmo)' }],
        }),
      }),
    );
  });

  it('is the one city served when none is named; with several served, one must be named', () => {
    expect(cityOf(request({ cities: ['default'] }))).toBe('default');
    expect(cityOf(request({ actor: service, cities: ['default'] }))).toBe('default');
    expect(() => cityOf(request({ cities: two }))).toThrow(
      expect.objectContaining({
        status: 400,
        response: expect.objectContaining({
          errors: [{ field: 'X-City', reason: 'required: one of default, malmo' }],
        }),
      }),
    );
  });

  it('a service whose routes do not take the city yet refuses to serve several; one that does, serves them', () => {
    const config = { ...authConfigSchema.parse({}), TENANT_ID: 'default' };
    expect(() => AuthModule.forRoot({ ...config, CITIES: two })).toThrow(/serves one city only/);
    expect(() => AuthModule.forRoot({ ...config, CITIES: two }, { severalCities: true })).not.toThrow();
    expect(() => AuthModule.forRoot({ ...config, CITIES: [] })).not.toThrow();
  });

  it("the deployment's own city (TENANT_ID) must be one it serves: its administrators run it", () => {
    const config = { ...authConfigSchema.parse({}), TENANT_ID: 'elsewhere' };
    expect(() => AuthModule.forRoot({ ...config, CITIES: two }, { severalCities: true })).toThrow(
      /TENANT_ID \(elsewhere\) is not one of CITIES/,
    );
  });

  it("an operator is an administrator (or the roles named) of the deployment's own city, not of another served", () => {
    const verifier = new TokenVerifier(authConfigSchema.parse({}), ['default', 'other-city']);
    const staff = (tenant: string, roles: Role[]): Actor => ({ ...person(tenant), roles });
    expect(verifier.isOperator(staff('default', ['admin']))).toBe(true);
    expect(verifier.isOperator(staff('other-city', ['admin']))).toBe(false);
    expect(verifier.isOperator(staff('default', ['ops']))).toBe(false);
    expect(verifier.isOperator(staff('default', ['ops']), ['ops', 'admin'])).toBe(true);
  });
});
