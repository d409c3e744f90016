import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  accessibilityProblems,
  caseOf,
  say,
  screenshot,
  startWebSystem,
  texts,
  tick,
  type ConsoleSystem,
} from '@city/platform-testing/web';
import { until } from '@city/platform-testing';

/** One real 256×256 PNG, made here: pale, with a darker top and left edge, so the tiles show as a grid. */
function tilePng(): Buffer {
  const size = 256;
  const rows = Array.from({ length: size }, (_, y) => {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++)
      row.set(x === 0 || y === 0 ? [0xc3, 0xca, 0xd3] : [0xe8, 0xee, 0xf3], 1 + x * 3);
    return row;
  });
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  };
  // A PNG chunk: its length, its type and data, and the CRC of the type and data.
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
  };
  const header = Buffer.concat([u32(size), u32(size), Buffer.from([8, 2, 0, 0, 0])]); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A tile server on this machine (tiles are not reachable from here): the same PNG for every z/x/y. */
async function startTileServer() {
  const png = tilePng();
  let asked = 0;
  const server = createServer((req, res) => {
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) return void res.writeHead(404).end();
    asked++;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    asked: () => asked,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The portal as a city without a tile server serves it: its /config.json without the map's settings. */
async function withoutTileServer(context: BrowserContext): Promise<void> {
  await context.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = (await response.json()) as Record<string, unknown>;
    delete config.mapTiles;
    delete config.mapCentre;
    await route.fulfill({ response, json: config });
  });
}

/** Every script and tile the page asks for, to show what was (not) loaded. */
const requested = (page: Page) => {
  const urls: string[] = [];
  page.on('request', (r) => void urls.push(r.url()));
  return urls;
};

/** Where the marker's tip points, from the map's top left (the pin is 24 px, its tip 29 px below its top). */
const tipOf = async (pin: Locator, map: Locator) => {
  const [p, m] = [await pin.boundingBox(), await map.boundingBox()];
  if (!p || !m) throw new Error('no marker on the map');
  return { x: p.x + 12 - m.x, y: p.y + 29 - m.y };
};

/** Rotterdam's centre, where the map opens. */
const CENTRE = { lat: 51.9225, long: 4.47917, zoom: 13 };

/**
 * The citizen portal in a real Chromium across the real services: a citizen reports a pothole in
 * Dutch, gets the email, and follows the request by its reference and their email; another marks
 * the place of theirs on the map, which the portal shows only because the city has a tile server.
 */
describe('the citizen portal (Chromium and the four services)', () => {
  let system: ConsoleSystem;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  beforeAll(async () => {
    tiles = await startTileServer();
    system = await startWebSystem({
      apps: ['portal'],
      webEnv: {
        MAP_TILES_URL: tiles.url,
        MAP_TILES_ATTRIBUTION: '© The test tiles',
        MAP_TILES_MAX_ZOOM: '18',
        MAP_CENTRE: `${CENTRE.lat},${CENTRE.long},${CENTRE.zoom}`,
      },
    });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await tiles?.stop();
  }, 60_000);

  it('a pothole reported in Dutch: the reference at once, the email in Dutch, and the request followed', async () => {
    const nl = texts('nl', 'portal');
    const portal = system.urls.portal as string;
    const context = await system.browser.newContext({
      locale: 'nl-NL',
      viewport: { width: 1280, height: 900 },
    });
    // This citizen's city has no tile server: the form asks for the address or the coordinates only.
    await withoutTileServer(context);
    const page = await context.newPage();
    const urls = requested(page);
    await page.goto(portal);
    await page.getByRole('heading', { name: say(nl, 'find.title') }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    // Found by a Dutch word for it.
    await page.getByRole('searchbox', { name: say(nl, 'find.search') }).fill('gat');
    await page.getByRole('link', { name: 'Gat in de weg' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-find-service');
    await page.getByRole('link', { name: 'Gat in de weg' }).click();
    await page.getByRole('heading', { name: 'Gat in de weg', level: 1 }).waitFor();
    // No map: neither Leaflet's chunk nor a tile is fetched, and the coordinates are fields as ever.
    await page.getByRole('textbox', { name: say(nl, 'requestForm.lat'), exact: true }).waitFor();
    await page.getByRole('textbox', { name: say(nl, 'requestForm.long'), exact: true }).waitFor();
    expect(await page.locator('.location-map, .leaflet-container').count()).toBe(0);
    expect(await page.getByRole('button', { name: say(nl, 'requestForm.map.useMyLocation') }).count()).toBe(
      0,
    );

    // Sent without answers: refused at each field, nothing sent.
    await page.getByRole('button', { name: say(nl, 'report.submit') }).click();
    await page.getByText(say(nl, 'requestForm.reasons.required')).first().waitFor();
    await tick(page, 'Minder dan 5 cm');
    await tick(page, 'Op de rijbaan');
    await tick(page, 'Nee');
    await page
      .getByRole('textbox', { name: say(nl, 'requestForm.address'), exact: true })
      .fill('Coolsingel 40, Rotterdam');
    const email = `jan-${randomUUID().slice(0, 8)}@example.nl`;
    await page.getByRole('textbox', { name: say(nl, 'requestForm.firstName') }).fill('Jan');
    await page.getByRole('textbox', { name: say(nl, 'requestForm.email'), exact: true }).fill(email);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-report');
    await page.getByRole('button', { name: say(nl, 'report.submit') }).click();

    // The reference at once, and the confirmation in Dutch by email.
    await page.getByRole('heading', { name: say(nl, 'report.thanks') }).waitFor();
    const reference = (await page.locator('.reference').textContent()) as string;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
    const mail = await system.mail.waitFor((m) => m.to.includes(email) && m.text.includes(reference), 30_000);
    expect(mail.subject).toMatch(/Gat in de weg|melding|ontvangen/i);
    const recorded = await caseOf(system, reference);
    expect(recorded.case.status).toMatch(/received|open/);
    expect(urls.filter((u) => /leaflet/i.test(u))).toEqual([]);
    expect(tiles.asked()).toBe(0);

    // Followed from the acknowledgement: its status and the messages sent about it.
    await page.getByRole('link', { name: say(nl, 'report.follow') }).click();
    await page.getByRole('heading', { name: say(nl, 'follow.request', { reference }) }).waitFor();
    // Its status in Dutch.
    await page
      .getByText(
        new RegExp(
          `^${say(nl, 'follow.statusIs')}\\s*(${say(nl, 'status.received')}|${say(nl, 'status.open')})$`,
        ),
      )
      .waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-follow');

    // Someone who only knows the reference, without the email given with it, sees nothing of it.
    await page.getByRole('textbox', { name: say(nl, 'follow.contact') }).fill('iemand@example.nl');
    await page.getByRole('button', { name: say(nl, 'follow.submit') }).click();
    await page.getByText(say(nl, 'errors.notFound')).waitFor();
    expect(await page.getByRole('heading', { name: say(nl, 'follow.request', { reference }) }).count()).toBe(
      0,
    );
    await context.close();
  }, 120_000);

  it('a pothole placed on the map: a click fills the coordinates, the marker drags, follows typed ones and the device, and the case has the place', async () => {
    const en = texts('en', 'portal');
    const portal = system.urls.portal as string;
    const context = await system.browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 900 },
      permissions: ['geolocation'],
      geolocation: { latitude: 51.924412, longitude: 4.477733 },
    });
    const page = await context.newPage();
    const urls = requested(page);
    await page.goto(`${portal}/report/pothole`);
    await page.getByRole('heading', { name: 'Pothole', level: 1 }).waitFor();
    const map = page.locator('.location-map-canvas');
    await map.locator('img.leaflet-tile-loaded').first().waitFor();
    expect(tiles.asked()).toBeGreaterThan(0);
    expect(urls.some((u) => /\/assets\/leaflet-map-[\w-]+\.js$/.test(u))).toBe(true);
    // The map is no tab stop and hidden from screen readers: the coordinate fields are the way by keyboard.
    expect(await map.getAttribute('aria-hidden')).toBe('true');
    expect(
      await map.evaluate(
        (el) => [el, ...el.querySelectorAll('*')].filter((e) => (e as HTMLElement).tabIndex >= 0).length,
      ),
    ).toBe(0);
    await page.getByText('© The test tiles').waitFor();

    const lat = page.getByRole('textbox', { name: say(en, 'requestForm.lat'), exact: true });
    const long = page.getByRole('textbox', { name: say(en, 'requestForm.long'), exact: true });
    const typed = async () => [await lat.inputValue(), await long.inputValue()];
    const sixDecimals = /^-?\d+(\.\d{1,6})?$/;

    // A click 60 px east and 40 px north of the middle: at zoom 13 a pixel is 0.000172° of longitude.
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    if (!box) throw new Error('no map');
    await map.click({ position: { x: box.width / 2 + 60, y: box.height / 2 - 40 } });
    const [clickLat, clickLong] = await until('the coordinates after a click', typed, (v) =>
      v.every(Boolean),
    );
    expect([clickLat, clickLong].every((v) => sixDecimals.test(v))).toBe(true);
    expect(Number(clickLong)).toBeCloseTo(CENTRE.long + (60 * 360) / (256 * 2 ** CENTRE.zoom), 3);
    expect(Number(clickLat)).toBeGreaterThan(CENTRE.lat + 0.003);
    expect(Number(clickLat)).toBeLessThan(CENTRE.lat + 0.006);
    const pin = map.locator('.location-pin');
    const tip = await tipOf(pin, map);
    expect(Math.abs(tip.x - (box.width / 2 + 60))).toBeLessThan(3);
    expect(Math.abs(tip.y - (box.height / 2 - 40))).toBeLessThan(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-report-map');

    // The marker dragged 50 px west and 30 px south: the coordinates follow it.
    await map.scrollIntoViewIfNeeded();
    const grip = await pin.boundingBox();
    if (!grip) throw new Error('no marker');
    await page.mouse.move(grip.x + 12, grip.y + 12);
    await page.mouse.down();
    await page.mouse.move(grip.x + 12 - 50, grip.y + 12 + 30, { steps: 8 });
    await page.mouse.up();
    const [dragLat, dragLong] = await until('the coordinates after a drag', typed, ([a]) => a !== clickLat);
    expect(Number(dragLong)).toBeCloseTo(Number(clickLong) - (50 * 360) / (256 * 2 ** CENTRE.zoom), 3);
    expect(Number(dragLat)).toBeLessThan(Number(clickLat));

    // The device's location, where the browser offers it.
    await page.getByRole('button', { name: say(en, 'requestForm.map.useMyLocation') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: say(en, 'requestForm.map.found') })
      .waitFor();
    expect(await typed()).toEqual(['51.924412', '4.477733']);

    // Coordinates typed (with a decimal comma) move the marker, the map following it out of sight.
    await lat.fill('51,9201');
    await long.fill('4.4853');
    await until(
      'the marker in the middle of the map',
      () => tipOf(pin, map),
      (t) => Math.abs(t.x - box.width / 2) < 3 && Math.abs(t.y - box.height / 2) < 3,
    );

    // Sent with the place from the coordinates alone (no address): the case has it.
    await tick(page, 'Less than 5 cm');
    await tick(page, 'In the road');
    await tick(page, 'No');
    await page.getByRole('button', { name: say(en, 'report.submit') }).click();
    await page.getByRole('heading', { name: say(en, 'report.thanks') }).waitFor();
    const reference = (await page.locator('.reference').textContent()) as string;
    const recorded = (await caseOf(system, reference)) as unknown as {
      case: { location: { lat: number; long: number; address: string | null } };
    };
    expect(recorded.case.location).toMatchObject({ lat: 51.9201, long: 4.4853 });
    await context.close();
  }, 120_000);
});
