import { restrictionView } from '../record/restriction-view';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  addNoteBodySchema,
  caseSearchQuerySchema,
  changeStatusBodySchema,
  caseRecipientsBatchRequestSchema,
  caseRecipientsBatchSchema,
  caseRecipientsSchema,
  linkCaseBodySchema,
  type CaseDocumentView,
  type CaseRecipients,
  type CaseRecipientsBatch,
} from '@city/contracts';
import { ApiQueryFrom, openApiSchema, parseBody } from '@city/platform-http';
import { actorLabel, Allow, CurrentActor, type Actor, City } from '@city/platform-auth';
import { CityProfiles } from '@city/platform-config';
import { Audited, param, searchSubject } from '@city/platform-audit';
import { normalizeReference } from '@city/domain-intake';
import { caseView, interactionView, replyMessageOf, timelineView } from '../record/case-views';
import type { TimelineEntry } from '../record/timeline-entry.entity';
import { AddNoteUseCase } from './add-note/add-note.usecase';
import { CaseRecipientsUseCase } from './case-recipients/case-recipients.usecase';
import { ChangeStatusUseCase } from './change-status/change-status.usecase';
import { LinkCaseUseCase } from './link-case/link-case.usecase';
import { ReadCaseUseCase } from './read-case/read-case.usecase';
import { SearchCasesUseCase } from './search-cases/search-cases.usecase';

/** The path parameter every case route takes. */
const ApiReference = () =>
  ApiParam({
    name: 'reference',
    description: 'The case reference, e.g. EA49-HVS1-TVR (any case; spaces or dashes allowed)',
  });

/** A timeline entry as staff see it; a citizen's reply with its message (kept on the entry, never in its summary). */
const staffTimelineView = (t: TimelineEntry) => {
  const message = replyMessageOf(t);
  return message !== null ? { ...timelineView(t), message } : timelineView(t);
};

/** The case record for agents and clerks (and the notification-service's view of who hears about a case). */
@ApiTags('cases')
@Controller('api/v1')
export class CasesHttpController {
  constructor(
    private readonly searchCases: SearchCasesUseCase,
    private readonly readCase: ReadCaseUseCase,
    private readonly changeStatusOf: ChangeStatusUseCase,
    private readonly addNoteTo: AddNoteUseCase,
    private readonly linkCase: LinkCaseUseCase,
    private readonly caseRecipients: CaseRecipientsUseCase,
    private readonly profiles: CityProfiles,
  ) {}

  /** Agents and clerks search by reference, citizen name, phone, email, address, service, status, queue. */
  @Get('cases')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: 'Search cases',
    description: 'By reference, citizen name, phone, email, address, service, status or queue.',
  })
  @ApiQueryFrom(caseSearchQuerySchema)
  @ApiOkResponse({ description: 'The matching cases: `{ count, cases }`' })
  @ApiResponse({ status: 400, description: 'A query parameter is not valid (each one named)' })
  @Audited('cases.search', searchSubject, (r) =>
    (r as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference),
  )
  async search(@Query() raw: Record<string, string>, @City() city: string) {
    const rows = await this.searchCases.execute(city, parseBody(caseSearchQuerySchema, raw));
    return { count: rows.length, cases: rows.map(caseView) };
  }

  @Post('cases/:reference/status')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: "Change a case's status",
    description:
      'Within the lifecycle rules; `expectedVersion` is the version the agent saw (read it from the case first).',
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(changeStatusBodySchema) })
  @ApiOkResponse({ description: 'The case as it is now' })
  @ApiResponse({ status: 400, description: 'Not valid, or a change the lifecycle does not allow' })
  @ApiResponse({ status: 404, description: 'No such case' })
  @ApiResponse({ status: 409, description: 'The case changed since `expectedVersion`: read it again' })
  async changeStatus(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ) {
    return caseView(
      await this.changeStatusOf.execute(city, reference, {
        ...parseBody(changeStatusBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  @Post('cases/:reference/notes')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a note to a case',
    description: 'Internal, or shared with the citizen (shared notes are in the Open311 status notes).',
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(addNoteBodySchema) })
  @ApiResponse({ status: 201, description: 'The case as it is now' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault)' })
  @ApiResponse({ status: 404, description: 'No such case' })
  @ApiResponse({ status: 409, description: 'The case changed since `expectedVersion`' })
  async addNote(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ) {
    return caseView(
      await this.addNoteTo.execute(city, reference, {
        ...parseBody(addNoteBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  @Post('cases/:reference/links')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Link a case to another',
    description: "As a duplicate of it (the duplicate's reporter then follows that case) or as related.",
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(linkCaseBodySchema) })
  @ApiResponse({ status: 201, description: 'The case as it is now' })
  @ApiResponse({ status: 400, description: 'Not valid, or a link to itself' })
  @ApiResponse({ status: 404, description: 'No such case, or no case to link to' })
  @ApiResponse({ status: 409, description: 'Already linked, or the case changed since `expectedVersion`' })
  async link(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ) {
    return caseView(
      await this.linkCase.execute(city, reference, {
        ...parseBody(linkCaseBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  /** An agent or clerk opens a case: the case, its citizen, and its whole cross-channel timeline. */
  @Get('cases/:reference')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: 'Open a case',
    description:
      'The case, its links, its citizen, its whole cross-channel timeline and interactions, and its documents.',
  })
  @ApiReference()
  @ApiOkResponse({
    description:
      "`{ case, workedFor, links, citizen, timeline, interactions, documents, satisfaction }`; `workedFor` `{ city, name }` names the city whose case it is when the caller's city works it for that city (a shared service), else null; each document `{ id, name, contentType, size, uploadedAt, scan }` " +
      "(its bytes at `GET cases/:reference/documents/:id`); a citizen's reply on the timeline carries its `message`; " +
      "`satisfaction` is the citizen's answer to the question after resolution, `{ score, via, answeredAt }`, or null.",
  })
  @ApiResponse({ status: 404, description: 'No such case' })
  @Audited('case.read', (req) => normalizeReference(param('reference')(req)) ?? param('reference')(req))
  async getCase(@Param('reference') raw: string, @City() city: string) {
    const read = await this.readCase.execute(city, raw);
    const citizen = read.citizen;
    const owner = read.case.tenantId;
    return {
      case: caseView(read.case),
      // Another city's case this city works for it (a shared service): its name, for staff to know
      // whose service level, calendar and messages apply.
      workedFor: owner !== city ? { city: owner, name: this.profiles.of(owner).name } : null,
      links: read.links,
      citizen: citizen && {
        id: citizen.id,
        firstName: citizen.firstName,
        lastName: citizen.lastName,
        preferredChannel: citizen.preferredChannel,
        language: citizen.language,
        supportNeeds: citizen.supportNeeds,
        contactPoints: citizen.contactPoints.map((cp) => ({ kind: cp.kind, value: cp.value })),
        restriction: read.restriction ? restrictionView(read.restriction) : null,
      },
      timeline: read.timeline.map(staffTimelineView),
      interactions: read.interactions.map(interactionView),
      documents: read.documents.map((d): CaseDocumentView => ({
        id: d.id,
        name: d.name,
        contentType: d.contentType,
        size: d.size,
        uploadedAt: d.uploadedAt.toISOString(),
        scan: d.scan,
      })),
      satisfaction: read.satisfaction && {
        score: read.satisfaction.score,
        via: read.satisfaction.via,
        answeredAt: read.satisfaction.answeredAt.toISOString(),
      },
    };
  }

  /**
   * Who hears about a case, as they are now (for the notification-service, at the moment it sends):
   * the citizen who asked and those who follow it, merged records followed to their survivor.
   */
  @Get('cases/:reference/recipients')
  @Allow('service:notification-service')
  @ApiOperation({
    summary: 'Who hears about a case',
    description:
      'The citizen who asked and those who follow it, as they are now (merged records followed to their survivor).',
  })
  @ApiReference()
  @ApiOkResponse({ schema: openApiSchema(caseRecipientsSchema) })
  @ApiResponse({ status: 404, description: 'No such case' })
  @Audited('case.recipients', (req) => normalizeReference(param('reference')(req)) ?? param('reference')(req))
  recipients(@Param('reference') raw: string, @City() city: string): Promise<CaseRecipients> {
    return this.caseRecipients.execute(city, raw);
  }

  /**
   * Who hears about each of many cases, in one call: the notification-service asks for the messages
   * it is sending at the same moment together. One audit row names every case answered.
   */
  @Post('case-recipients')
  @Allow('service:notification-service')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Who hears about each of many cases',
    description:
      'As `GET /api/v1/cases/{reference}/recipients`, for up to 100 references at once; the references that name no case are listed in `notFound`.',
  })
  @ApiBody({ schema: openApiSchema(caseRecipientsBatchRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(caseRecipientsBatchSchema) })
  @ApiResponse({ status: 400, description: 'Not valid (no references, or more than 100)' })
  @Audited(
    'case.recipients',
    (req) => `${(req.body as { references?: unknown[] } | undefined)?.references?.length ?? 0} references`,
    (r) => (r as CaseRecipientsBatch).cases.map((c) => c.reference),
  )
  recipientsOfMany(@Body() body: unknown, @City() city: string): Promise<CaseRecipientsBatch> {
    return this.caseRecipients.executeMany(
      city,
      parseBody(caseRecipientsBatchRequestSchema, body).references,
    );
  }
}
