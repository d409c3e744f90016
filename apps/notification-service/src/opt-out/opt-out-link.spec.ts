import { randomUUID } from 'node:crypto';
import { OptOutLinks } from './opt-out-link';

describe('opt-out links', () => {
  const links = new OptOutLinks('a-long-enough-secret', 'https://city.example/', ['default', 'other-city']);
  const id = randomUUID();

  it('a link names its citizen and only the city could have made it', () => {
    expect(links.url('default', id)).toMatch(
      new RegExp(`^https://city.example/api/v1/opt-out/${id}\\.[A-Za-z0-9_-]{24}$`),
    );
    expect(links.citizenOf('default', links.token('default', id))).toBe(id);
  });

  it('a link opens for the city served that signed it; a city not served signs none', () => {
    expect(links.open(links.token('default', id))).toEqual({ city: 'default', citizenId: id });
    expect(links.open(links.token('other-city', id))).toEqual({ city: 'other-city', citizenId: id });
    expect(links.open(links.token('a-third-city', id))).toBeNull();
    expect(links.open('nonsense')).toBeNull();
  });

  it('a token for another citizen, another city, another secret or garbage is refused', () => {
    const [, mac] = links.token('default', id).split('.');
    expect(links.citizenOf('default', `${randomUUID()}.${mac}`)).toBeNull();
    expect(links.citizenOf('other-city', links.token('default', id))).toBeNull();
    expect(
      new OptOutLinks('another-secret-entirely', 'https://x', ['default']).citizenOf(
        'default',
        links.token('default', id),
      ),
    ).toBeNull();
    expect(links.citizenOf('default', 'nonsense')).toBeNull();
  });
});
