import { routingBookOf } from './routing-book.fixture';
import { routingQueues } from './routing-config';

describe("the cities' sharing agreements", () => {
  const agreed = () =>
    routingBookOf({
      'city-a': { handOver: [{ services: ['parking-permit', 'blue-badge'], to: 'city-b' }] },
      'city-b': {
        takeOver: [
          { from: 'city-a', services: ['parking-permit', 'blue-badge'], queue: 'regional-permits' },
          { from: 'city-far-away', services: ['pothole'], queue: 'regional-roads' },
        ],
      },
    });

  it('sends a service one city hands over to the queue the other takes it into', () => {
    const book = agreed();
    expect(book.workerOf('city-a', 'parking-permit')).toEqual({ city: 'city-b', queue: 'regional-permits' });
    expect(book.workerOf('city-a', 'blue-badge')).toEqual({ city: 'city-b', queue: 'regional-permits' });
  });

  it('leaves every other service with its own city, and the other way round', () => {
    const book = agreed();
    expect(book.workerOf('city-a', 'pothole')).toBeNull();
    expect(book.workerOf('city-b', 'parking-permit')).toBeNull();
  });

  it("lists the queue a city takes other cities' services into among its work queues", () => {
    expect(routingQueues(agreed().of('city-b'))).toEqual(expect.arrayContaining(['regional-permits']));
  });

  it('refuses a hand-over the other city does not take over, saying which', () => {
    expect(() =>
      routingBookOf({
        'city-a': { handOver: [{ services: ['parking-permit', 'pothole'], to: 'city-b' }] },
        'city-b': { takeOver: [{ from: 'city-a', services: ['parking-permit'], queue: 'permits' }] },
      }),
    ).toThrow('city-a hands pothole over to city-b, which does not take it over');
  });

  it('leaves a take-over nobody hands idle: nothing comes (a routing file several cities share)', () => {
    const book = routingBookOf({
      'city-a': { takeOver: [{ from: 'city-a', services: ['graffiti'], queue: 'permits' }] },
      'city-b': { takeOver: [{ from: 'city-a', services: ['graffiti'], queue: 'permits' }] },
    });
    expect(book.workerOf('city-a', 'graffiti')).toBeNull();
  });

  it('refuses handing work to a city the deployment does not serve: nobody here would work it', () => {
    expect(() =>
      routingBookOf({ 'city-a': { handOver: [{ services: ['graffiti'], to: 'city-z' }] } }),
    ).toThrow('city-a hands graffiti over to city-z, a city this deployment does not serve');
  });

  it('refuses a city handing a service to itself, or the same service twice', () => {
    expect(() =>
      routingBookOf({ 'city-a': { handOver: [{ services: ['graffiti'], to: 'city-a' }] } }),
    ).toThrow('city-a hands graffiti over to itself');
    expect(() =>
      routingBookOf({
        'city-a': {
          handOver: [
            { services: ['graffiti'], to: 'city-b' },
            { services: ['graffiti'], to: 'city-c' },
          ],
        },
      }),
    ).toThrow('graffiti is handed over twice');
  });
});
