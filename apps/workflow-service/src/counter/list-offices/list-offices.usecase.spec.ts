import { RoutingBook } from '../../routing/routing-book';
import { counterInMemory } from '../in-memory-counter';
import { ListOfficesUseCase } from './list-offices.usecase';

describe("the city's offices", () => {
  it('lists each office with counters by id and name, as the routing file names them', async () => {
    const c = await counterInMemory();
    expect(new ListOfficesUseCase(c.routing).execute('default')).toEqual({
      offices: [
        { id: 'town-hall', name: 'Stadhuis Coolsingel' },
        { id: 'zuid', name: 'Stadswinkel Zuidplein' },
      ],
    });
  });

  it('refuses, saying so, in a city with no counters', () => {
    expect(() =>
      new ListOfficesUseCase(RoutingBook.everywhere({ counters: undefined } as never)).execute('default'),
    ).toThrow(/no counters configured/);
  });
});
