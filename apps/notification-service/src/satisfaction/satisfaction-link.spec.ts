import { OptOutLinks } from '../opt-out/opt-out-link';
import { SatisfactionLinks } from './satisfaction-link';

describe("the satisfaction question's link", () => {
  const links = new SatisfactionLinks('a-long-enough-secret', () => 'https://my.city.example/', ['default']);
  const reference = 'EA49-HVS1-TVR';

  it('opens the portal page of its request, and only the city could have made it', () => {
    expect(links.url('default', reference)).toMatch(
      /^https:\/\/my\.city\.example\/survey\/EA49-HVS1-TVR\.[A-Za-z0-9_-]{24}$/,
    );
    expect(links.referenceOf('default', links.token('default', reference))).toBe(reference);
  });

  it("a token for another request, another city, another secret, an opt-out link's or garbage is refused", () => {
    const [, mac] = links.token('default', reference).split('.');
    expect(links.referenceOf('default', `EA49-HVS1-TVS.${mac}`)).toBeNull();
    expect(links.referenceOf('other-city', links.token('default', reference))).toBeNull();
    expect(
      new SatisfactionLinks('another-secret-entirely', () => 'https://x', ['default']).referenceOf(
        'default',
        links.token('default', reference),
      ),
    ).toBeNull();
    // The same secret signs opt-out links, for another purpose: one is never the other.
    const optOut = new OptOutLinks('a-long-enough-secret', 'https://x', ['default']).token(
      'default',
      reference,
    );
    expect(links.referenceOf('default', optOut)).toBeNull();
    for (const junk of ['nonsense', `${reference}.`, `${reference}.${mac}x`, `ea49-hvs1-tvr.${mac}`])
      expect(links.referenceOf('default', junk)).toBeNull();
  });
});
