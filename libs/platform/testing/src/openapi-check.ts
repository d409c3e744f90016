import type { DynamicModule, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DECORATORS } from '@nestjs/swagger';
import { routeHandlersOf, routePolicies } from '@city/platform-auth';

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

/**
 * What the controllers say beyond who may call: the routes kept out of the docs on purpose
 * (`@ApiExcludeController`, `@ApiExcludeEndpoint`: the health probes) and the routes whose handler
 * reads a body (`@Body()`).
 */
function routeFacts(root: DynamicModule | Type): { excluded: Set<string>; readBody: Set<string> } {
  const excluded = new Set<string>();
  const readBody = new Set<string>();
  for (const { controller, name, handler, routes } of routeHandlersOf(root)) {
    const excludedHere =
      Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, controller)?.[0] === true ||
      Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler)?.disable === true;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
      string,
      unknown
    >;
    const readsBody = Object.keys(args).some((k) => k.startsWith(`${RouteParamtypes.BODY}:`));
    for (const route of routes) {
      if (excludedHere) excluded.add(route);
      if (readsBody) readBody.add(route);
    }
  }
  return { excluded, readBody };
}

/** `POST /api/v1/cases/:reference/notes` as the document names it: path `/api/v1/cases/{reference}/notes`, method `post`. */
const inDocument = (route: string) => {
  const [method, pattern] = route.split(' ');
  return { method: method.toLowerCase(), path: pattern.replace(/:(\w+)/g, '{$1}') };
};

/**
 * What a user of a service's API docs relies on, checked against the running service: an OpenAPI 3
 * document at `/docs/openapi.json` with every route the service serves (`routePolicies` of its
 * module; those kept out of the docs on purpose aside) under its method, a request body schema for
 * every POST and PUT whose handler reads a body, the bearer token asked for wherever a route needs
 * one, and Swagger UI at `/docs` with everything its page loads.
 */
export function describeOpenApi(o: {
  app: string;
  module: () => DynamicModule | Type;
  start: () => Promise<{ url: string; close: () => Promise<void> }>;
}): void {
  describe(`${o.app}: its API described (OpenAPI and Swagger UI at /docs)`, () => {
    let running: { url: string; close: () => Promise<void> } | undefined;
    let url = '';
    let doc: Document;
    beforeAll(async () => {
      running = await o.start();
      url = running.url;
      const res = await fetch(`${url}/docs/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      doc = (await res.json()) as Document;
    }, 90_000);
    afterAll(async () => running?.close());

    it('publishes an OpenAPI 3 document with every route the service serves, under its method', () => {
      expect(doc.openapi).toMatch(/^3\./);
      const { excluded } = routeFacts(o.module());
      const routes = routePolicies(o.module()).filter((r) => !excluded.has(r.route));
      expect(routes.length).toBeGreaterThan(0);
      const missing = routes
        .map((r) => r.route)
        .filter((route) => {
          const { method, path } = inDocument(route);
          return !doc.paths[path]?.[method];
        });
      expect(missing).toEqual([]);
    });

    it('gives the schema of every request body a route reads', () => {
      const { readBody } = routeFacts(o.module());
      const without = routePolicies(o.module())
        .map((r) => r.route)
        .filter((route) => /^(POST|PUT|PATCH) /.test(route) && readBody.has(route))
        .filter((route) => {
          const { method, path } = inDocument(route);
          const content = doc.paths[path]?.[method]?.requestBody?.content ?? {};
          return !Object.values(content).some((c) => c.schema && Object.keys(c.schema).length > 0);
        });
      expect(without).toEqual([]);
    });

    it('asks for the bearer token wherever a route needs one', () => {
      expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const open = routePolicies(o.module())
        .filter((r) => r.policy && 'allow' in r.policy)
        .map((r) => r.route)
        .filter((route) => {
          const { method, path } = inDocument(route);
          const op = doc.paths[path]?.[method];
          return !op?.security?.some((s) => 'bearer' in s) || !op.responses?.['401'];
        });
      expect(open).toEqual([]);
    });

    it('serves Swagger UI at /docs, with everything its page loads', async () => {
      const page = await fetch(`${url}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('swagger-ui');
      const loads = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(loads).toEqual(expect.arrayContaining(['docs/swagger-ui-bundle.js', 'docs/swagger-ui.css']));
      const failing: string[] = [];
      for (const asset of loads) {
        const res = await fetch(new URL(asset, `${url}/docs`));
        await res.arrayBuffer();
        if (res.status !== 200) failing.push(`${asset}: ${res.status}`);
      }
      expect(failing).toEqual([]);
      const init = await (await fetch(`${url}/docs/swagger-initializer.js`)).text();
      expect(init).toContain("url: 'docs/openapi.json'");
    });
  });
}
