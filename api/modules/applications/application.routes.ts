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
      body: s.examResultBody,
      response: {
        status: 201,
        schema: z
          .object({
            id: z.uuid(),
            registrantId: z.uuid(),
            examCode: z.string(),
            takenOn: z.iso.date(),
            passed: z.boolean(),
            score: z.number().int().nullable(),
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
