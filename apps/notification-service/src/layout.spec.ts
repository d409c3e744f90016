import { appLayout } from '@city/platform-testing';

describe('the service layer of notification-service', () => {
  const layout = appLayout(__dirname);
  it('has no loops between feature folders', () => expect(layout.folderCycles).toEqual([]));
  it('keeps TypeORM out of controllers and consumers', () => expect(layout.edgesOnTheDatabase).toEqual([]));
  it('has a unit test beside every use case', () => expect(layout.useCasesWithoutSpec).toEqual([]));
  it('throws domain errors, not HTTP errors, from use cases', () =>
    expect(layout.useCasesThrowingHttp).toEqual([]));
});
