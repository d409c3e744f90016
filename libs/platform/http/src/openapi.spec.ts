import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiQueryFrom, openApiSchema, useOpenApi, type DocumentedAccess } from './openapi';

const noteSchema = z.object({ text: z.string().min(1).max(10), shared: z.boolean().default(false) }).strict();
const searchSchema = z.object({ name: z.string().min(2), limit: z.coerce.number().int().default(25) });

@Controller('api/v1/things')
class ThingsController {
  @Get()
  @ApiQueryFrom(searchSchema)
  search(@Query() _raw: unknown) {
    return [];
  }

  @Post(':id/notes')
  @ApiBody({ schema: openApiSchema(noteSchema) })
  @ApiResponse({ status: 400, description: 'Not valid' })
  note(@Body() _body: unknown) {
    return {};
  }

  @Get('legacy/:file')
  @ApiResponse({ status: 404, description: 'No such file' })
  legacy() {
    return '';
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const ACCESS: DocumentedAccess[] = [
  { route: 'GET /api/v1/things', policy: { public: 'the things are public' } },
  {
    route: 'POST /api/v1/things/:id/notes',
    policy: { allow: { roles: ['agent', 'clerk'], services: ['notification-service'] } },
  },
  { route: 'GET /api/v1/things/legacy/:file', policy: { public: 'old clients' } },
];

describe('useOpenApi (the document and the viewer of a service)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
    useOpenApi(app, {
      title: 'Things <service>',
      description: 'All the things',
      version: '1',
      access: ACCESS,
      issuer: 'https://id.example.city/realms/city',
      ownErrorShape: (path) => path.includes('/legacy/'),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
  const document = async () => JSON.parse((await get('/docs/openapi.json')).body);

  it('serves the OpenAPI 3 document, bodies and queries from the zod schemas', async () => {
    const doc = await document();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({
      title: 'Things <service>',
      description: 'All the things',
      version: '1',
    });
    const note = doc.paths['/api/v1/things/{id}/notes'].post;
    expect(note.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        text: { type: 'string', minLength: 1, maxLength: 10 },
        shared: { type: 'boolean', default: false },
      },
      required: ['text'],
      additionalProperties: false,
    });
    const query = doc.paths['/api/v1/things'].get.parameters;
    expect(query).toEqual([
      expect.objectContaining({ name: 'name', in: 'query', required: true }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
    ]);
  });

  it('writes who may call into each operation, and asks for the bearer token where one is needed', async () => {
    const doc = await document();
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc.components.securitySchemes.bearer.description).toContain(
      'https://id.example.city/realms/city',
    );
    const note = doc.paths['/api/v1/things/{id}/notes'].post;
    expect(note.description).toBe(
      '**Who may call:** an agent, a clerk or the notification-service, with an access token of this city.',
    );
    expect(note.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(note.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    const search = doc.paths['/api/v1/things'].get;
    expect(search.description).toBe('**Who may call:** anyone, on purpose (the things are public).');
    expect(search.security).toBeUndefined();
  });

  it("gives error answers the platform's error shape, except where a route renders its own", async () => {
    const doc = await document();
    const error = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    expect(doc.components.schemas.Error.required).toEqual(['statusCode', 'error', 'message']);
    expect(doc.paths['/api/v1/things/{id}/notes'].post.responses['400'].content).toEqual(error);
    expect(doc.paths['/api/v1/things/{id}/notes'].post.responses['401'].content).toEqual(error);
    expect(doc.paths['/api/v1/things/legacy/{file}'].get.responses['404'].content).toBeUndefined();
  });

  it('serves Swagger UI at /docs from swagger-ui-dist, reading the document', async () => {
    const page = await get('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>Things &#60;service&#62;</title>');
    for (const [file, type] of [
      ['swagger-ui-bundle.js', /^application\/javascript/],
      ['swagger-ui.css', /^text\/css/],
      ['swagger-initializer.js', /^application\/javascript/],
    ] as const) {
      expect(page.body).toContain(`docs/${file}`);
      const res = await get(`/docs/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
    }
    expect((await get('/docs/swagger-initializer.js')).body).toContain("url: 'docs/openapi.json'");
    const slash = await get('/docs/');
    expect(slash.statusCode).toBe(301);
    expect(slash.headers.location).toBe('../docs');
  });
});
