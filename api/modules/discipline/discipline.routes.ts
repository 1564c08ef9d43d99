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
      response: { status: 200, schema: s.myCaseList },
      handler: ({ auth }) => cases.mine(auth!),
    }),

    defineRoute({
      method: 'get',
      path: '/complaints',
      access: 'public',
      tags: ['Public register'],
      summary: 'The public complaint form (server-rendered, no JavaScript)',
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
