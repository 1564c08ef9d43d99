import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { DOCUMENT_MEDIA_TYPES, MAX_DOCUMENT_BYTES } from '../documents/index.js';
import { recordAudit } from '../audit/index.js';
import { DisciplineCase } from './discipline.entity.js';
import { caseService } from './discipline.service.js';
import { outcomeActions } from './actions/outcomes.js';
import { loadSettings } from './discipline.notify.js';
import { complaintForm, COMPLAINT_MAX_BYTES } from './discipline.public.js';
import { VersionConflictError } from '../../shared/errors.js';
import * as s from './discipline.schema.js';
import { sendDownload } from '../../http/download.js';

const MANAGE = permission('discipline.manage');
const docParams = z.object({ id: z.uuid(), documentId: z.uuid() });
const docQuery = z.object({
  filename: z.string().max(255).optional(),
  disclosed: z.enum(['true', 'false']).default('false'),
});
const documentOut = s.caseOut.shape.documents.element;

export function disciplineRoutes(deps: AppDeps): RouteDef[] {
  const cases = caseService(deps);
  const outcomes = outcomeActions(deps);
  const form = complaintForm(deps);
  const tags = ['Discipline'];
  /** The record after a change: read fresh (the change itself is audited, so this is not a separate view). */
  const fresh = async (id: string) => {
    const em = deps.orm.em.fork();
    return cases.detail(em, await em.findOneOrFail(DisciplineCase, { id }));
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/discipline/cases',
      access: MANAGE,
      tags,
      summary: 'Cases: the queue (open cases by received date) and search; the listing is audited',
      description:
        "Lists cases a page at a time, sorted by received date, stage date or reference. Filter by stage, open or closed, assigned staff member or registrant; q matches part of the reference, the respondent's name or licence number. Every listing is written to the audit trail, since case files are restricted.",
      query: s.caseListQuery,
      response: { status: 200, schema: s.caseList },
      handler: ({ query }) => cases.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases',
      access: MANAGE,
      tags,
      summary: 'Enter a complaint received by post, phone or e-mail: opens a case at intake',
      description:
        "Opens a case at intake for a complaint that arrived by post, phone or e-mail, with the next case reference. The respondent is matched to a registrant when a licence number or registrant is given; the received date may not be in the future. The respondent is notified if the council's procedure notifies at intake.",
      body: s.complaintBody,
      response: { status: 201, schema: s.caseOut },
      handler: ({ body }) => cases.create(body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/discipline/cases/:id',
      access: MANAGE,
      tags,
      summary: 'One case with its timeline, panel, documents and outcomes (each view is audited)',
      description:
        'One case with its complaint, respondent, stage, timeline of events, panel, conflicts, documents and outcomes. Each read is written to the audit trail.',
      params: idParams,
      response: { status: 200, schema: s.caseOut },
      handler: ({ params }) => cases.get(params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/discipline/cases/:id',
      access: MANAGE,
      tags,
      summary:
        'Match the respondent, assign staff, schedule the hearing, set what is disclosed (send the version you read)',
      description:
        'Changes only the fields sent: the matched respondent (registrant or licence), the assigned staff member, the category, the hearing date and the summary disclosed to the respondent. Send the version you read (409 if the case changed since); the change is audited and the respondent notified where the procedure says so.',
      params: idParams,
      body: s.casePatch,
      response: { status: 200, schema: s.caseOut },
      handler: ({ params, body }) => cases.update(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases/:id/stage',
      access: MANAGE,
      tags,
      summary: 'Move the case to its next stage (through the stage table)',
      description:
        'Moves the case along the stage table (intake, investigation, interim order, hearing, decision, appeal, closed) on a date not in the future nor before the current stage began; a hearing needs a matched respondent. A move the table does not allow answers 409. The move goes on the timeline, disclosed to the respondent if asked; send the version you read.',
      params: idParams,
      body: s.stageBody,
      response: { status: 200, schema: s.caseOut },
      handler: ({ params, body }) => cases.moveStage(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases/:id/notes',
      access: MANAGE,
      tags,
      summary: 'Add a note to the timeline (optionally disclosed to the respondent)',
      description:
        'Adds a note to the case timeline, dated today unless onDate is given. With disclosed true the respondent sees it in their own case view. The note is audited.',
      params: idParams,
      body: s.noteBody,
      response: { status: 201, schema: s.caseOut },
      handler: ({ params, body }) => cases.addNote(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases/:id/documents',
      access: MANAGE,
      tags,
      summary: 'Attach a document (PDF, PNG or JPEG as the body; checked by content)',
      description:
        'Stores a document sent as the raw body (PDF, PNG or JPEG, checked by its content). With disclosed=true in the query the respondent may see it. The upload is audited; returns the stored document.',
      params: idParams,
      query: docQuery,
      upload: { maxBytes: MAX_DOCUMENT_BYTES, mediaTypes: DOCUMENT_MEDIA_TYPES },
      response: { status: 201, schema: documentOut },
      handler: ({ params, query, body }) =>
        cases.addDocument(params.id, {
          bytes: body as Buffer,
          filename: query.filename,
          disclosed: query.disclosed === 'true',
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/discipline/cases/:id/documents/:documentId',
      access: MANAGE,
      tags,
      summary: 'Download a case document (audited)',
      description:
        "Returns the document's bytes with its content type and file name. Each download is written to the audit trail.",
      params: docParams,
      response: { status: 200, contentType: 'application/octet-stream' },
      raw: true,
      handler: async ({ params, res }) => {
        const doc = await cases.document(params.id, params.documentId);
        sendDownload(res, {
          contentType: doc.contentType,
          filename: doc.filename,
          body: doc.data as unknown as Buffer,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases/:id/panel',
      access: MANAGE,
      tags,
      summary: 'Seat a panel member: a staff account or a named external member (refused when conflicted)',
      description:
        "Seats a staff account or a named external member on the case's panel with a role (chair, member, lay member, legal adviser). Refused when the person declared a conflict of interest in this case or another case about the same registrant, is already seated, or the case is closed. Audited.",
      params: idParams,
      body: s.panelBody,
      response: { status: 201, schema: s.caseOut },
      handler: ({ params, body }) => cases.addPanelMember(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases/:id/conflicts',
      access: MANAGE,
      tags,
      summary: 'Record a declared conflict of interest (a seated member leaves the panel)',
      description:
        'Records a conflict of interest declared by a staff account or an external member, with the reason. A member seated on the panel leaves it, and the person cannot be seated on a case about the same respondent afterwards. Audited.',
      params: idParams,
      body: s.conflictBody,
      response: { status: 201, schema: s.caseOut },
      handler: ({ params, body }) => cases.declareConflict(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/cases/:id/outcomes',
      access: MANAGE,
      tags,
      summary:
        'Record an outcome: no case to answer, advice, warning, conditions, suspension, removal, or an interim suspension; sanctions act on the licence',
      description:
        "Records a decision at the decision or appeal stage, or an interim suspension at the interim order stage. Conditions, suspension, removal and interim suspension need a licence of the respondent and act on it at once (conditions added, licence suspended or revoked); the outcome is published on the register as the council's publication policy says. Send the case's version you read.",
      params: idParams,
      body: s.outcomeBody,
      response: { status: 201, schema: s.caseOut },
      handler: async ({ params, body }) => {
        const { version, ...input } = body;
        return fresh(await outcomes.recordOutcome(params.id, version, input));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/sanctions/:id/appeal-outcome',
      access: MANAGE,
      tags,
      summary: 'The appeal decides: uphold, stay, or replace the outcome (both stay in the history)',
      description:
        'Records what the appeal decided about an outcome in force: upheld, stayed (it stops acting from the date) or replaced by a new outcome. The original stays in the history and the licence follows the strictest outcome still in force. Audited.',
      params: idParams,
      body: s.appealOutcomeBody,
      response: { status: 200, schema: s.caseOut },
      handler: async ({ params, body }) => fresh(await outcomes.appeal(params.id, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/discipline/sanctions/:id/lifting',
      access: MANAGE,
      tags,
      summary: 'Lift conditions or a suspension from a date',
      description:
        'Ends conditions or a suspension (final or interim) early from a date between its decision and its end: the condition ends and the outcome stops being published the day before. After a suspension the licence returns to active, grace or lapsed by its dates, unless another outcome still acts on it. Audited.',
      params: idParams,
      body: s.liftBody,
      response: { status: 200, schema: s.caseOut },
      handler: async ({ params, body }) => fresh(await outcomes.lift(params.id, body)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/discipline/settings',
      access: MANAGE,
      tags,
      summary: 'Publication policy per outcome type, and the steps at which the respondent is notified',
      description:
        "The council's publication policy for each outcome type (whether it is published, its public wording and for how long) and the case steps at which the respondent is e-mailed, with the version to send with a change. The defaults apply until the council changes them.",
      response: { status: 200, schema: s.settingsOut },
      handler: () => loadSettings(deps.orm.em),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/discipline/settings',
      access: MANAGE,
      tags,
      summary:
        'Change the publication policy and notification steps (send the version you read; applies to outcomes decided from now)',
      description:
        'Replaces the whole publication policy and the list of notification steps. Send the version you read (0 while the defaults apply); a stale version answers 409. Outcomes already decided keep their publication; the change is audited.',
      body: s.settingsBody,
      response: { status: 200, schema: s.settingsOut },
      handler: async ({ body }) =>
        deps.orm.em.transactional(async (tx) => {
          const before = await loadSettings(tx);
          const rows = await tx.execute<{ version: number }[]>(
            `insert into discipline_settings (id, publication, notify_steps, updated_at, version) values (1, ?, ?, ?, 1)
           on conflict (id) do update set publication = excluded.publication, notify_steps = excluded.notify_steps, updated_at = excluded.updated_at, version = discipline_settings.version + 1
           where discipline_settings.version = ? returning version`,
            [JSON.stringify(body.publication), JSON.stringify(body.notifySteps), deps.clock.now(), body.version],
          );
          if (rows.length !== 1 || (before.version === 0 && body.version !== 0))
            throw new VersionConflictError('The discipline settings');
          await recordAudit(tx, {
            action: 'discipline.settings-changed',
            entityType: 'discipline_settings',
            entityId: '1',
            before: { publication: before.publication, notifySteps: before.notifySteps },
            after: { publication: body.publication, notifySteps: body.notifySteps },
          });
          return { publication: body.publication, notifySteps: body.notifySteps, version: rows[0]!.version };
        }),
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/my-cases',
      access: roles('social_worker'),
      tags,
      summary: 'My fitness-to-practise cases: only what is disclosed to me',
      description:
        'The cases in which the signed-in social worker is the matched respondent, newest first, with only what is disclosed to them: the stage, the disclosed summary, hearing date, disclosed timeline events and the outcomes. Empty when there are none.',
      response: { status: 200, schema: s.myCaseList },
      handler: ({ auth }) => cases.mine(auth!),
    }),

    defineRoute({
      method: 'get',
      path: '/complaints',
      access: 'public',
      tags: ['Public register'],
      summary: 'The public complaint form (server-rendered, no JavaScript)',
      description:
        "An HTML form in the council's languages for anyone to complain about a social worker, with optional attachments. The page carries a signed, single-use form token that the submission must return.",
      response: { status: 200, contentType: 'text/html' },
      raw: true,
      handler: ({ req, res }) => form.show(req, res),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints',
      rateLimited: true,
      access: 'public',
      tags: ['Public register'],
      summary: 'Send the complaint form (multipart/form-data from the form page; rate-limited per address)',
      description:
        'Receives the form posted from the complaint page (form token valid for two hours and used once; cross-site posts refused) and opens a case at intake, answering a page with the case reference. At most 5 complaints an hour per client address (429 page with Retry-After); up to 3 PDF, PNG or JPEG attachments of 5 MB each, and any file that could run a script is refused.',
      upload: {
        maxBytes: COMPLAINT_MAX_BYTES,
        mediaTypes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
      },
      response: { status: 201, contentType: 'text/html' },
      raw: true,
      handler: ({ req, res, body }) => form.submit(req, res, body as Buffer),
    }),
  ];
}
