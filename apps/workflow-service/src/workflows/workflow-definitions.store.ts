import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { z } from 'zod';
import { definitionProblems, WAIT_EVENTS, type WorkflowDefinition } from '@city/domain-workflow';
import { canonicalJson } from '@city/platform-catalogue';
import { APP_CONFIG, cityPart, servedCities } from '@city/platform-config';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import type { WorkflowConfig } from '../config';
import { WorkflowDefinitionRecord } from './workflow-definition.entity';
import { WorkflowDefinitionRepository } from './workflow-definition.repository';

const duration = z
  .object({
    value: z.number().positive(),
    unit: z.enum(['working-days', 'working-hours', 'calendar-days', 'hours']),
  })
  .strict();
const id = z.string().regex(/^[a-z0-9-]+$/);
const step = z.discriminatedUnion('type', [
  z.object({ id, type: z.literal('ASSIGN_QUEUE'), next: id.optional() }).strict(),
  z.object({ id, type: z.literal('SET_SLA'), next: id.optional() }).strict(),
  z.object({ id, type: z.literal('NOTIFY_CITIZEN'), template: id, next: id.optional() }).strict(),
  z.object({ id, type: z.literal('REQUEST_INFORMATION'), template: id, next: id.optional() }).strict(),
  z
    .object({
      id,
      type: z.literal('WAIT_FOR_EVENT'),
      event: z.enum(WAIT_EVENTS),
      timeout: duration.optional(),
      onTimeout: id.optional(),
      next: id.optional(),
    })
    .strict(),
  z
    .object({
      id,
      type: z.literal('IF'),
      when: z
        .object({
          attribute: z
            .object({ code: z.string(), in: z.array(z.string()).min(1) })
            .strict()
            .optional(),
          areas: z.array(z.string()).min(1).optional(),
          hazard: z.boolean().optional(),
        })
        .strict(),
      then: id,
      else: id,
    })
    .strict(),
  z.object({ id, type: z.literal('DELAY'), duration, next: id.optional() }).strict(),
  z.object({ id, type: z.literal('CLOSE'), reason: z.string().min(1) }).strict(),
]);
export const workflowDefinitionSchema = z
  .object({
    id,
    version: z.number().int().positive(),
    name: z.string().min(1),
    start: id,
    steps: z.array(step).min(1),
  })
  .strict();

/**
 * Each served city's workflow definitions: read from its own `<CITIES_DIR>/<city>/workflows/*.yaml`
 * (or the deployment's WORKFLOWS_DIR when it brings none) at start, checked (shape, then meaning),
 * and kept in Postgres by city and version. A version, once stored, never changes: a file changed
 * without a new version stops the service at start with that said. New cases run the latest version
 * of their city's; a run keeps the version it started with.
 */
@Injectable()
export class WorkflowDefinitions implements OnModuleInit {
  /** `city/id@version` → definition. */
  private readonly versions = new Map<string, WorkflowDefinition>();
  /** `city/id` → its latest version. */
  private readonly latestVersion = new Map<string, number>();

  constructor(
    private readonly records: WorkflowDefinitionRepository,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const city of servedCities(this.config))
      await this.loadCity(city, cityPart(this.config, city, 'workflows', this.config.WORKFLOWS_DIR));
  }

  private async loadCity(tenantId: string, dir: string): Promise<void> {
    const problems: string[] = [];
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    for (const f of files) {
      const parsed = workflowDefinitionSchema.safeParse(parse(readFileSync(join(dir, f), 'utf8')));
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `${f}: ${i.path.join('.')}: ${i.message}`));
        continue;
      }
      const d = parsed.data as WorkflowDefinition;
      const meaning = definitionProblems(d);
      if (meaning.length > 0) {
        problems.push(...meaning.map((p) => `${f}: ${p}`));
        continue;
      }
      const stored = await this.records.find(tenantId, d.id, d.version);
      if (stored && canonicalJson(stored.definition) !== canonicalJson(d)) {
        problems.push(
          `${f}: ${d.id} version ${d.version} is already in use with other steps; give the change a new version`,
        );
        continue;
      }
      if (!stored) {
        await this.records.add(
          Object.assign(new WorkflowDefinitionRecord(), {
            tenantId,
            id: d.id,
            version: d.version,
            name: d.name,
            definition: d,
            loadedAt: new Date(),
          }),
        );
        this.logger.info({ city: tenantId, workflow: d.id, version: d.version }, 'workflow version stored');
      }
    }
    if (problems.length > 0)
      throw new Error(`the workflow definitions in ${dir} cannot be used:\n  ${problems.join('\n  ')}`);
    // Every stored version stays runnable: runs started on an older one finish on it.
    for (const r of await this.records.all(tenantId)) {
      this.versions.set(`${tenantId}/${r.id}@${r.version}`, r.definition);
      const key = `${tenantId}/${r.id}`;
      this.latestVersion.set(key, Math.max(this.latestVersion.get(key) ?? 0, r.version));
    }
  }

  latest(city: string, id: string): WorkflowDefinition | undefined {
    const v = this.latestVersion.get(`${city}/${id}`);
    return v === undefined ? undefined : this.versions.get(`${city}/${id}@${v}`);
  }

  version(city: string, id: string, version: number): WorkflowDefinition | undefined {
    return this.versions.get(`${city}/${id}@${version}`);
  }

  /** A city's workflows, each with its versions. */
  list(city: string): Array<{ id: string; versions: number[]; latest: number }> {
    return [...this.latestVersion]
      .filter(([key]) => key.startsWith(`${city}/`))
      .map(([key, latest]) => {
        const id = key.slice(city.length + 1);
        return {
          id,
          latest,
          versions: [...this.versions.keys()]
            .filter((k) => k.startsWith(`${key}@`))
            .map((k) => Number(k.slice(key.length + 1)))
            .sort((a, b) => a - b),
        };
      });
  }
}
