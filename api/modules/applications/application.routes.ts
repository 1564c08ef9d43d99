import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { MAX_DOCUMENT_BYTES } from '../documents/index.js';
import { applicationService } from './application.service.js';
import { importExamResults } from './exam-import.js';
import * as s from './application.schema.js';

const SELF = roles('social_worker');

export function applicationRoutes(deps: AppDeps): RouteDef[] {
  const apps = applicationService(deps);
  const tags = ['Licence applications'];
  const base = '/api/v1/licence-applications';
  return [
    defineRoute({
      method: 'get',
      path: base,
      access: roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker'),
      tags,
      summary: 'Applications (the review queue; a social worker sees their own)',
      description:
        'Lists applications a page at a time, sorted by creation date by default; filter by status, tier, type or (for staff) registrant. Staff see the whole queue; a social worker sees only their own applications. The requirement check is left out of the list; read one application for it.',
      query: s.applicationListQuery,
      response: { status: 200, schema: s.applicationList },
      handler: ({ auth, query }) => apps.list(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: base,
      access: SELF,
      tags,
      summary: 'Start an application: first registration, tier upgrade or restoration',
      description:
        'Starts a draft application of the signed-in social worker for a tier: first registration, tier upgrade (needs an active licence at a lower tier), renewal (of a current licence of that tier, once its renewal window is open) or restoration (of a lapsed licence). One application may be in progress at a time (409). Attach evidence, then submit.',
      body: s.applicationCreate,
      response: { status: 201, schema: s.applicationOut },
      handler: ({ auth, body }) => apps.create(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id`,
      access: roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker'),
      tags,
      summary: 'One application with its requirement-by-requirement eligibility check',
      description:
        'One application with its evidence documents, its state, and each requirement of the tier checked against the register (qualification, accredited programme, supervised hours, exam, time at the previous tier, declarations; for a renewal, the renewal window, CPD credits and any CPD audit) as met, not_met or needs_review. Staff may read any; a social worker only their own.',
      params: idParams,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params }) => apps.get(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/documents`,
      access: SELF,
      tags,
      summary: 'Attach evidence: the PDF, JPEG or PNG itself as the body (checked by content)',
      description:
        'Stores a piece of evidence (PDF, JPEG or PNG, checked by its content whatever its name) sent as the raw body, while the application is a draft or information has been requested (409 otherwise). Returns the application.',
      params: idParams,
      query: z.object({ filename: z.string().max(255).optional() }),
      upload: { maxBytes: MAX_DOCUMENT_BYTES, mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'] },
      response: { status: 201, schema: s.applicationOut },
      handler: ({ auth, params, query, body }) =>
        apps.addDocument(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/submit`,
      access: SELF,
      tags,
      summary: 'Submit the application',
      description:
        'Sends a draft to the council. Submission raises an invoice for the fees in force that day (for a renewal in grace, the late renewal fee as well). A renewal of a licence that has lapsed is refused: apply for restoration. Send the version you read (409 if it changed).',
      params: idParams,
      body: s.versionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.submit(auth!, params.id, body.version),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/withdraw`,
      access: SELF,
      tags,
      summary: 'Withdraw the application',
      description:
        'Withdraws your application at any stage before a decision; it cannot be reopened. Send the version you read (409 if it changed or was already decided).',
      params: idParams,
      body: s.versionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.withdraw(auth!, params.id, body.version),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/resubmit`,
      access: SELF,
      tags,
      summary: 'Answer an information request and resubmit',
      description:
        "Answers the council's request for information with a message (add any new evidence first) and sends the application back for review. Send the version you read (409 if no information was requested).",
      params: idParams,
      body: s.messageBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.resubmit(auth!, params.id, body.version, body.message),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/review`,
      access: permission('applications.review'),
      tags,
      summary: 'Take the application into review',
      description:
        'Takes a submitted or resubmitted application into review. Refused (409) while an invoice that must be paid before review is unpaid. Send the version you read.',
      params: idParams,
      body: s.versionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.startReview(auth!, params.id, body.version),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/information-request`,
      access: permission('applications.review'),
      tags,
      summary: 'Ask the applicant for more information',
      description:
        'Asks the applicant for more information about an application under review; the applicant is e-mailed the message and may add evidence and resubmit. Send the version you read.',
      params: idParams,
      body: s.messageBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.requestInformation(auth!, params.id, body.version, body.message),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/approval`,
      access: permission('applications.decide'),
      tags,
      summary: 'Approve (a four-eyes tier needs two different approvers); issues or restores the licence',
      description:
        'Approves an application under review when every requirement is met (422 naming the unmet ones otherwise) and no invoice due before approval is unpaid (409). The licence is then issued, upgraded, renewed or restored and the applicant is e-mailed; on a four-eyes tier the first approval is only recorded and a different person must give the second. Send the version you read.',
      params: idParams,
      body: s.decisionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.approve(auth!, params.id, body.version, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/rejection`,
      access: permission('applications.decide'),
      tags,
      summary: 'Reject with reasons',
      description:
        'Rejects an application under review with the reasons; the applicant is e-mailed them. Send the version you read (409 if it changed or the state does not allow it). The decision is audited.',
      params: idParams,
      body: s.decisionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => apps.reject(auth!, params.id, body.version, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/exam-results',
      access: permission('exams.manage'),
      tags,
      summary: 'Record an exam result',
      description:
        "Records one registrant's result in a licensing exam (code, date not in the future, passed, optional score), which the exam requirement of applications then reads. The same registrant, exam and date can be recorded once; the entry is audited.",
      body: s.examResultBody,
      response: {
        status: 201,
        schema: z
          .object({
            id: z.uuid().describe('Id of the exam result'),
            registrantId: z.uuid().describe('Who sat the exam'),
            examCode: z.string().describe('Which licensing exam'),
            takenOn: z.iso.date().describe('Day the exam was taken'),
            passed: z.boolean().describe('Whether the registrant passed'),
            score: z.number().int().nullable().describe('The score, where the exam gives one'),
          })
          .meta({ id: 'ExamResult' }),
      },
      handler: ({ auth, body }) => apps.recordExam(body, auth!.accountId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/exam-results/import',
      access: permission('exams.manage'),
      tags,
      summary: 'Import exam results from CSV (UTF-8): a row-by-row report; dryRun=true only checks',
      description:
        'Columns: nationality, national_id, exam_code, taken_on (YYYY-MM-DD), passed (yes/no), score (optional). Importing the same rows again adds nothing.',
      query: z.object({
        dryRun: z
          .enum(['true', 'false'])
          .default('false')
          .transform((v) => v === 'true'),
      }),
      upload: { maxBytes: 5 * 1024 * 1024, mediaTypes: ['text/csv'] },
      response: { status: 200, schema: s.examImportOut },
      handler: ({ auth, query, body }) =>
        importExamResults(deps, body as Buffer, { dryRun: query.dryRun, recordedBy: auth!.accountId }),
    }),
  ];
}
