import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { z } from 'zod';
import { definitionProblems, WAIT_EVENTS, type WorkflowDefinition } from '@city/domain-workflow';
import { canonicalJson } from '@city/platform-catalogue';
import { APP_CONFIG } from '@city/platform-config';
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
 * The city's workflow definitions: read from catalogue/workflows/*.yaml at start, checked (shape,
 * then meaning), and kept in Postgres by version. A version, once stored, never changes: a file
 * changed without a new version stops the service at start with that said. New cases run the
 * latest version; a run keeps the version it started with.
 */
@Injectable()
export class WorkflowDefinitions implements OnModuleInit {
  private readonly versions = new Map<string, WorkflowDefinition>();
  private readonly latestVersion = new Map<string, number>();

  constructor(
    private readonly records: WorkflowDefinitionRepository,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const problems: string[] = [];
    const files = readdirSync(this.config.WORKFLOWS_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    for (const f of files) {
      const parsed = workflowDefinitionSchema.safeParse(
        parse(readFileSync(join(this.config.WORKFLOWS_DIR, f), 'utf8')),
      );
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
      const stored = await this.records.find(this.config.TENANT_ID, d.id, d.version);
      if (stored && canonicalJson(stored.definition) !== canonicalJson(d)) {
        problems.push(
          `${f}: ${d.id} version ${d.version} is already in use with other steps; give the change a new version`,
        );
        continue;
      }
      if (!stored) {
        await this.records.add(
          Object.assign(new WorkflowDefinitionRecord(), {
            tenantId: this.config.TENANT_ID,
            id: d.id,
            version: d.version,
            name: d.name,
            definition: d,
            loadedAt: new Date(),
          }),
        );
        this.logger.info({ workflow: d.id, version: d.version }, 'workflow version stored');
      }
    }
    if (problems.length > 0)
      throw new Error(
        `the workflow definitions in ${this.config.WORKFLOWS_DIR} cannot be used:\n  ${problems.join('\n  ')}`,
      );
    // Every stored version stays runnable: runs started on an older one finish on it.
    for (const r of await this.records.all(this.config.TENANT_ID)) {
      this.versions.set(`${r.id}@${r.version}`, r.definition);
      this.latestVersion.set(r.id, Math.max(this.latestVersion.get(r.id) ?? 0, r.version));
    }
  }

  latest(id: string): WorkflowDefinition | undefined {
    const v = this.latestVersion.get(id);
    return v === undefined ? undefined : this.versions.get(`${id}@${v}`);
  }

  version(id: string, version: number): WorkflowDefinition | undefined {
    return this.versions.get(`${id}@${version}`);
  }

  list(): Array<{ id: string; versions: number[]; latest: number }> {
    return [...this.latestVersion].map(([id, latest]) => ({
      id,
      latest,
      versions: [...this.versions.keys()]
        .filter((k) => k.startsWith(`${id}@`))
        .map((k) => Number(k.split('@')[1]))
        .sort((a, b) => a - b),
    }));
  }
}
