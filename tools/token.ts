// Prints an access token from the development Keycloak (tools/infra up), for the README's examples:
//   TOKEN=$(npm run -s token -- agent-17)          a demo user (password demo-<user>), via the dev realm's city-cli client
//   TOKEN=$(npm run -s token -- --service intake-gateway)   a service's client-credentials token
// AUTH_ISSUER (http://localhost:8080/realms/city) says which realm.
const issuer = process.env.AUTH_ISSUER ?? 'http://localhost:8080/realms/city';

async function main() {
  const [first, second] = process.argv.slice(2);
  if (!first) {
    console.error('usage: npm run -s token -- <demo user, e.g. agent-17> | --service <client id>');
    process.exit(2);
  }
  const form: Record<string, string> =
    first === '--service'
      ? {
          grant_type: 'client_credentials',
          client_id: second ?? '',
          client_secret: process.env.CLIENT_SECRET ?? `demo-${second}-secret`,
        }
      : {
          grant_type: 'password',
          client_id: 'city-cli',
          username: first,
          password: process.env.PASSWORD ?? `demo-${first}`,
        };
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  }).catch(() => null);
  if (!res)
    throw new Error(`Keycloak does not answer at ${issuer}: is it up (npm run up, or npm run infra -- up)?`);
  if (!res.ok) throw new Error(`Keycloak refused: ${res.status} ${await res.text()}`);
  process.stdout.write(((await res.json()) as { access_token: string }).access_token + '\n');
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
