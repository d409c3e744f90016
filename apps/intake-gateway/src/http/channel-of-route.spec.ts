import { channelOfRoute } from './channel-of-route';

describe('channelOfRoute', () => {
  it.each([
    ['/api/v1/requests', 'web'],
    ['/api/v1/services/:code', 'web'],
    ['/open311/v2/requests/:file', 'web'],
    ['/api/v1/kiosk/batches', 'kiosk'],
    ['/api/v1/counter/requests', 'counter'],
    ['/api/v1/phone/requests', 'phone'],
    ['/api/v1/phone/telephony/events', 'phone'],
    ['/api/v1/ivr/requests/:reference/status', 'phone'],
    ['/health/ready', 'none'],
    ['/docs/openapi.json', 'none'],
    ['/api/v1/requestsx', 'none'],
  ])('%s is %s', (route, channel) => expect(channelOfRoute(route)).toBe(channel));
});
