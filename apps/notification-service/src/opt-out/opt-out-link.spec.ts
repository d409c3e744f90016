import { randomUUID } from 'node:crypto';
import { OptOutLinks } from './opt-out-link';

describe('opt-out links', () => {
  const links = new OptOutLinks('a-long-enough-secret', 'https://city.example/');
  const id = randomUUID();

  it('a link names its citizen and only the city could have made it', () => {
    expect(links.url('default', id)).toMatch(
      new RegExp(`^https://city.example/api/v1/opt-out/${id}\\.[A-Za-z0-9_-]{24}$`),
    );
    expect(links.citizenOf('default', links.token('default', id))).toBe(id);
  });

  it('a token for another citizen, another city, another secret or garbage is refused', () => {
    const [, mac] = links.token('default', id).split('.');
    expect(links.citizenOf('default', `${randomUUID()}.${mac}`)).toBeNull();
    expect(links.citizenOf('other-city', links.token('default', id))).toBeNull();
    expect(
      new OptOutLinks('another-secret-entirely', 'https://x').citizenOf(
        'default',
        links.token('default', id),
      ),
    ).toBeNull();
    expect(links.citizenOf('default', 'nonsense')).toBeNull();
  });
});
