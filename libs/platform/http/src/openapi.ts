// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- swagger-ui-dist ships no types: these are ours
/// <reference path="./swagger-ui-dist.d.ts" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiQuery,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import swaggerUiPath from 'swagger-ui-dist/absolute-path.js';
import { z } from 'zod';

/** A zod schema as an OpenAPI 3 schema object, so the docs say exactly what the code checks. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * The query parameters of a route from the zod schema its handler parses the query with, one
 * `@ApiQuery` per field (defaults make a field optional, as they do for the caller).
 */
export function ApiQueryFrom(schema: z.ZodType): MethodDecorator {
  const json = openApiSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({
        name,
        required: json.required?.includes(name) ?? false,
        schema: property,
        description: property.description,
      }),
    ),
  );
}

/**
 * A route and who may call it, as `routePolicies` of `@city/platform-auth` reads them from the
 * controllers' `@Allow`/`@Public` (the same shape, so this library need not depend on that one).
 */
export interface DocumentedAccess {
  /** e.g. `GET /api/v1/cases/:reference` */
  route: string;
  policy: { public: string } | { allow: { roles: readonly string[]; services: readonly string[] } } | null;
}

export interface OpenApiOptions {
  title: string;
  description: string;
  version: string;
  /**
   * Every route with who may call it: written into each operation's description, and the routes that
   * need a token ask for the bearer token (with their 401 and 403).
   */
  access?: DocumentedAccess[];
  /** The OpenID Connect provider whose access tokens the service accepts (AUTH_ISSUER). */
  issuer?: string;
  /** Paths whose errors are not the platform's JSON shape (the gateway's Open311 routes). */
  ownErrorShape?: (path: string) => boolean;
}

/** The platform's one error shape (`ErrorResponse` of `@city/contracts`), as every service answers an error. */
const ERROR_SCHEMA = openApiSchema(
  z
    .object({
      statusCode: z.number().int().min(400).max(599),
      error: z.string(),
      message: z.string(),
      code: z.string().optional().describe('A stable code for the rule that refused, for clients to act on'),
      errors: z
        .array(z.object({ field: z.string(), reason: z.string() }))
        .optional()
        .describe('Each field at fault, with the reason'),
    })
    .describe('Every error answer of every service'),
);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
type Operation = {
  description?: string;
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, { description?: string; content?: unknown }>;
};

const article = (w: string) => (/^[aeiou]/.test(w) ? `an ${w}` : `a ${w}`);
const inWords = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? 'no one') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;

/** Who may call, in words: "Who may call: an agent, a clerk or the notification-service, with an access token of this city." */
function accessLine(policy: DocumentedAccess['policy']): string {
  if (!policy) return '**Who may call:** no one (the route declares no access policy).';
  if ('public' in policy) return `**Who may call:** anyone, on purpose (${policy.public}).`;
  const who = [...policy.allow.roles.map(article), ...policy.allow.services.map((s) => `the ${s}`)];
  return `**Who may call:** ${inWords(who)}, with an access token of this city.`;
}

/** Writes each route's access into its operation; routes that need a token ask for it (bearer), with their 401 and 403. */
function describeAccess(document: OpenAPIObject, access: DocumentedAccess[]): void {
  for (const { route, policy } of access) {
    const [method, pattern] = route.split(' ');
    const path = pattern.replace(/:(\w+)/g, '{$1}');
    const op = (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
    if (!op) continue; // a route kept out of the docs on purpose (the health probes)
    op.description = [op.description, accessLine(policy)].filter(Boolean).join('\n\n');
    if (policy && 'allow' in policy) {
      op.security = [{ bearer: [] }];
      op.responses = {
        ...op.responses,
        401: op.responses?.[401] ?? {
          description: 'No valid access token: missing, expired, altered, or not from this city’s provider',
        },
        403: op.responses?.[403] ?? {
          description:
            'The token is valid, but its role or service may not call this route (or it is another city’s)',
        },
      };
    }
  }
}

/** Every error answer that says nothing of its body gets the platform's error shape. */
function describeErrors(document: OpenAPIObject, ownErrorShape: (path: string) => boolean): void {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (ownErrorShape(path)) continue;
    for (const method of METHODS) {
      const op = (item as Record<string, Operation>)[method];
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        if (Number(status) >= 400 && !response.content)
          response.content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
      }
    }
  }
}

/** The OpenAPI document of an app's controllers (their @nestjs/swagger decorators and zod body schemas). */
export function buildOpenApiDocument(app: INestApplication, o: OpenApiOptions): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(o.title)
      .setDescription(o.description)
      .setVersion(o.version)
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token (JWT) from the city’s OpenID Connect provider' +
            (o.issuer ? ` (issuer ${o.issuer})` : '') +
            ': a staff member’s or a signed-in citizen’s, or a service’s own (client credentials).',
        },
        'bearer',
      )
      .build(),
  );
  if (o.access) describeAccess(document, o.access);
  describeErrors(document, o.ownErrorShape ?? (() => false));
  return document;
}

/** The files of Swagger UI (swagger-ui-dist) the viewer page loads, and their types. */
const VIEWER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Swagger UI's page: relative URLs, so it works behind a proxy that mounts the service under a prefix. */
const viewerPage = (title: string) =>
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-initializer.js"></script>
</body>
</html>
`;

const VIEWER_INIT = `window.ui = SwaggerUIBundle({
  url: 'docs/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
});
`;

/**
 * Publishes the app's OpenAPI document at `GET /docs/openapi.json` and Swagger UI at `GET /docs`,
 * built from the controllers' decorators (request bodies from the zod schemas the handlers parse with).
 * Both are plain Fastify routes: public by nature, outside Nest's guards, never in the access table.
 * Swagger UI's files come from swagger-ui-dist, read on first request (nothing of it loads in Node).
 */
export function useOpenApi(app: INestApplication, o: OpenApiOptions): OpenAPIObject {
  const document = buildOpenApiDocument(app, o);
  const json = JSON.stringify(document);
  const page = viewerPage(o.title);
  const assets = swaggerUiPath();
  const cache = new Map<string, Buffer>();
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;

  fastify.get('/docs/openapi.json', (_req, reply) => {
    reply.header('Content-Type', 'application/json; charset=utf-8').send(json);
  });
  fastify.get('/docs', (_req, reply) => {
    reply.header('Content-Type', 'text/html; charset=utf-8').send(page);
  });
  // The page's relative URLs need `/docs` without the slash.
  fastify.get('/docs/', (_req, reply) => {
    reply.redirect('../docs', 301);
  });
  fastify.get('/docs/swagger-initializer.js', (_req, reply) => {
    reply.header('Content-Type', 'application/javascript; charset=utf-8').send(VIEWER_INIT);
  });
  for (const [file, type] of Object.entries(VIEWER_FILES)) {
    fastify.get(`/docs/${file}`, (_req, reply) => {
      let body = cache.get(file);
      if (!body) cache.set(file, (body = readFileSync(join(assets, file))));
      reply.header('Content-Type', type).header('Cache-Control', 'public, max-age=3600').send(body);
    });
  }
  return document;
}
