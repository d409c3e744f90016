import { open311Place } from './open311-place.util';

describe('open311Place', () => {
  const reported = {
    lat: 51.507234,
    long: -0.127612,
    address: '14 Station Road',
    propertyId: '100023336956',
  };

  it('exact: the place as reported', () => {
    expect(open311Place('exact', reported)).toEqual({
      lat: 51.507234,
      long: -0.127612,
      address: '14 Station Road',
      addressId: '100023336956',
    });
  });

  it('coarse: rounded to three decimals (about 100 m), without address or property id', () => {
    expect(open311Place('coarse', reported)).toEqual({
      lat: 51.507,
      long: -0.128,
      address: null,
      addressId: null,
    });
    expect(
      open311Place('coarse', {
        lat: null,
        long: null,
        address: 'Elm Grove, outside no. 12',
        propertyId: null,
      }),
    ).toEqual({ lat: null, long: null, address: null, addressId: null });
  });

  it('none: nothing of the place', () => {
    expect(open311Place('none', reported)).toEqual({ lat: null, long: null, address: null, addressId: null });
  });
});
