import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { pickLanguage } from '../../http/html.js';
import { councilService } from '../council/index.js';
import { MAX_DOCUMENT_BYTES } from '../documents/index.js';
import { institutionService } from './accreditation.service.js';
import { applicationActions } from './actions/applications.js';
import { graduateActions, MAX_GRADUATE_BYTES } from './actions/graduates.js';
import {
  isQualificationAccredited,
  listAccreditedProgrammes,
  renderAccreditedProgrammesPage,
} from './accreditation.public.js';
import * as s from './accreditation.schema.js';
import { sendDownload } from '../../http/download.js';

const STAFF_AND_SCHOOL = roles('admin', 'registrar', 'reviewer', 'auditor', 'school_admin');
const SCHOOL_WRITERS = roles('admin', 'registrar', 'school_admin');
const fileName = z.object({ filename: z.string().max(255).optional() });
const docParams = z.object({ id: z.uuid(), documentId: z.uuid() });
const conditionParams = z.object({ id: z.uuid(), conditionId: z.uuid() });
const adminBody = z
  .object({ accountId: z.uuid().describe('The school account to make an administrator of the institution') })
  .meta({ id: 'InstitutionAdminAdd' });
const adminList = z
  .object({
    items: z.array(
      z.object({
        accountId: z.uuid().describe('Id of the account'),
        email: z.string().describe("The account's e-mail address"),
        displayName: z.string().describe('Name shown for the account'),
      }),
    ),
    total: z.number().int(),
  })
  .meta({ id: 'InstitutionAdminList' });

export function accreditationRoutes(deps: AppDeps): RouteDef[] {
  const institutions = institutionService(deps);
  const applications = applicationActions(deps);
  const graduates = graduateActions(deps);
  const council = councilService(deps);
  const tI = ['Institutions and programmes'];
  const tA = ['Accreditation'];
  const tG = ['Graduate lists'];

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/institutions',
      access: STAFF_AND_SCHOOL,
      tags: tI,
      summary: 'Institutions (a school admin sees their own)',
      description:
        'Lists schools and training providers a page at a time, sorted by name or creation date; q matches part of the name in either script and country filters by ISO code. Council staff see every institution; a school admin sees only the institutions they administer.',
      query: s.institutionListQuery,
      response: { status: 200, schema: s.institutionList },
      handler: ({ auth, query }) => institutions.listInstitutions(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/institutions',
      access: permission('accreditation.manage'),
      tags: tI,
      summary: 'Register a school of social work or training provider',
      description:
        'Registers a school of social work or a training provider, so that its programmes can be added and accredited. The creation is audited; the answer carries the version to send with later changes.',
      body: s.institutionBody,
      response: { status: 201, schema: s.institutionOut },
      handler: ({ body }) => institutions.createInstitution(body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/institutions/:id',
      access: STAFF_AND_SCHOOL,
      tags: tI,
      summary: 'One institution',
      description:
        'Returns one institution with its contact details. A school admin may read only an institution they administer (403 otherwise).',
      params: idParams,
      response: { status: 200, schema: s.institutionOut },
      handler: ({ auth, params }) => institutions.getInstitution(auth!, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/institutions/:id',
      access: SCHOOL_WRITERS,
      tags: tI,
      summary: 'Update an institution (send the version you read)',
      description:
        'Changes only the fields sent. Send the version you read: if the institution changed since, the answer is 409 and nothing is changed. A school admin may change only an institution they administer; every change is audited with its before and after.',
      params: idParams,
      body: s.institutionPatch,
      response: { status: 200, schema: s.institutionOut },
      handler: ({ auth, params, body }) => institutions.updateInstitution(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/institutions/:id/admins',
      access: permission('accreditation.manage'),
      tags: tI,
      summary: 'Make a school_admin account an administrator of this institution',
      description:
        "Links an account that already holds the school_admin role to the institution, so it can manage the institution's programmes, accreditation applications and graduate lists. Linking an account twice changes nothing; the answer lists every administrator of the institution.",
      params: idParams,
      body: adminBody,
      response: { status: 200, schema: adminList },
      handler: ({ params, body }) => institutions.addAdmin(params.id, body.accountId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/programmes',
      access: STAFF_AND_SCHOOL,
      tags: tI,
      summary: 'Programmes with their accreditation history',
      description:
        'Lists programmes a page at a time, each with every accreditation it has had (window, outcome, status and conditions). Filter by institution or qualification level; q matches part of the name. A school admin sees only programmes of institutions they administer.',
      query: s.programmeListQuery,
      response: { status: 200, schema: s.programmeList },
      handler: ({ auth, query }) => institutions.listProgrammes(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/programmes',
      access: SCHOOL_WRITERS,
      tags: tI,
      summary: 'Add a programme to an institution',
      description:
        'Adds a programme (level, length, credits, field placement hours, delivery mode) to an institution. A school admin may add programmes only to an institution they administer. The programme is not accredited until an accreditation application for it is decided.',
      body: s.programmeBody,
      response: { status: 201, schema: s.programmeOut },
      handler: ({ auth, body }) => institutions.createProgramme(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/programme-directory',
      access: 'authenticated',
      tags: tI,
      summary: 'Programmes to choose from when declaring a qualification (name, school, level)',
      description:
        'Active programmes, with their school and level, for any signed-in user to pick from when declaring a qualification; q matches part of the programme or school name in either script. At most 200 programmes, ordered by school and name.',
      query: z.object({ q: z.string().trim().max(100).optional() }),
      response: {
        status: 200,
        schema: z
          .object({
            items: z.array(
              z.object({
                id: z.uuid().describe('Id of the programme'),
                name: z.string().describe("The programme's name"),
                institutionName: z.string().describe('The school that runs it'),
                level: z.string().describe('certificate, diploma, bachelor, master or doctorate'),
              }),
            ),
            total: z.number().int(),
          })
          .meta({ id: 'ProgrammeDirectory' }),
      },
      handler: ({ query }) => institutions.directory(query.q),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/programmes/:id',
      access: STAFF_AND_SCHOOL,
      tags: tI,
      summary: 'One programme with its accreditation history',
      description:
        'Returns one programme with every accreditation it has had, its conditions and their state. A school admin may read only programmes of institutions they administer.',
      params: idParams,
      response: { status: 200, schema: s.programmeOut },
      handler: ({ auth, params }) => institutions.getProgramme(auth!, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/programmes/:id',
      access: SCHOOL_WRITERS,
      tags: tI,
      summary: 'Update a programme (send the version you read)',
      description:
        'Changes only the fields sent; active false takes the programme out of the directory used to declare qualifications. Send the version you read: if the programme changed since, the answer is 409. Every change is audited.',
      params: idParams,
      body: s.programmePatch,
      response: { status: 200, schema: s.programmeOut },
      handler: ({ auth, params, body }) => institutions.updateProgramme(auth!, params.id, body),
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/accreditation-applications',
      access: STAFF_AND_SCHOOL,
      tags: tA,
      summary: 'Accreditation applications (the council queue; a school sees its own)',
      description:
        'Lists accreditation applications a page at a time, filtered by status or institution and sorted by creation or submission date. Council staff see every application; a school admin sees those of institutions they administer.',
      query: s.applicationListQuery,
      response: { status: 200, schema: s.applicationList },
      handler: ({ auth, query }) => applications.list(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications',
      access: SCHOOL_WRITERS,
      tags: tA,
      summary: 'Start an accreditation application (draft)',
      description:
        'Starts a draft application for a programme with its self-study summary. A programme may have only one application in progress (409 otherwise). Attach the self-study report, then submit.',
      body: s.applicationCreate,
      response: { status: 201, schema: s.applicationOut },
      handler: ({ auth, body }) => applications.create(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/accreditation-applications/:id',
      access: STAFF_AND_SCHOOL,
      tags: tA,
      summary: 'One application with its documents',
      description:
        'Returns the application with its status, reviewers, site visit, decision and the documents attached (without their content).',
      params: idParams,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params }) => applications.get(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications/:id/documents',
      access: SCHOOL_WRITERS,
      tags: tA,
      summary: 'Attach a self-study document: the PDF itself as the body (checked by content)',
      description:
        "Stores a self-study document sent as the raw body; the file's content must be a PDF whatever its name. Documents can be added while the application is a draft or submitted (409 later). The answer describes the stored document, with its SHA-256.",
      params: idParams,
      query: fileName,
      upload: { maxBytes: MAX_DOCUMENT_BYTES, mediaTypes: ['application/pdf'] },
      response: { status: 201, schema: s.applicationOut.shape.documents.element },
      handler: ({ auth, params, query, body }) =>
        applications.addDocument(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/accreditation-applications/:id/documents/:documentId',
      access: STAFF_AND_SCHOOL,
      tags: tA,
      summary: 'Download a document',
      description:
        "Returns the document's bytes with its content type and file name, to those who may read the application.",
      params: docParams,
      response: { status: 200, contentType: 'application/pdf' },
      raw: true,
      handler: async ({ auth, params, res }) => {
        const doc = await applications.document(auth!, params.id, params.documentId);
        sendDownload(res, {
          contentType: doc.contentType,
          filename: doc.filename,
          body: doc.data as unknown as Buffer,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications/:id/submit',
      access: SCHOOL_WRITERS,
      tags: tA,
      summary: 'Submit the application to the council',
      description:
        "Sends a draft to the council; at least one self-study document must be attached (422 otherwise). Submission raises the accreditation fee for the programme's level, billed to the school when the fee schedule has one. Send the version you read (409 if it changed).",
      params: idParams,
      body: s.versionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => applications.submit(auth!, params.id, body.version),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications/:id/withdraw',
      access: SCHOOL_WRITERS,
      tags: tA,
      summary: 'Withdraw the application',
      description:
        'Withdraws an application that has not been decided; it cannot be reopened. Send the version you read (409 if it changed or the state does not allow it).',
      params: idParams,
      body: s.versionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => applications.withdraw(auth!, params.id, body.version),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications/:id/reviewers',
      access: permission('accreditation.manage'),
      tags: tA,
      summary: 'Assign reviewers (starts the review)',
      description:
        'Assigns council reviewers or registrars to a submitted application and moves it under review; on an application already under review, replaces the reviewers. Refused (409) while an invoice for the application that must be paid before review is unpaid. Send the version you read.',
      params: idParams,
      body: s.reviewersBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => applications.assignReviewers(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications/:id/site-visit',
      access: permission('accreditation.review'),
      tags: tA,
      summary: 'Record the site visit and its findings',
      description:
        'Records the date (not in the future) and findings of the site visit of an application under review. Send the version you read (409 if it changed or is not under review).',
      params: idParams,
      body: s.siteVisitBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => applications.recordSiteVisit(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditation-applications/:id/decision',
      access: permission('accreditation.manage'),
      tags: tA,
      summary: 'Decide: accredited, accredited with conditions, or not accredited',
      description:
        "Decides an application under review. An accreditation starts the day after the programme's current window ends (or on the decision date) and runs for the council's accreditation validity (60 months by default); accredited_with_conditions needs at least one condition, each due after the decision. Refused (409) while an invoice that must be paid before approval is unpaid; send the version you read.",
      params: idParams,
      body: s.decisionBody,
      response: { status: 200, schema: s.applicationOut },
      handler: ({ auth, params, body }) => applications.decide(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditations/:id/conditions/:conditionId',
      access: permission('accreditation.manage'),
      tags: tA,
      summary: 'Mark a condition met or missed',
      description:
        "Marks an open condition of an accreditation met or missed, with an optional note. Send the condition's version (409 if it changed or is no longer open). Returns the accreditation with all its conditions.",
      params: conditionParams,
      body: s.conditionUpdateBody,
      response: { status: 200, schema: s.accreditationOut },
      handler: ({ params, body }) => applications.updateCondition(params.id, params.conditionId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accreditations/:id/withdrawal',
      access: permission('accreditation.manage'),
      tags: tA,
      summary: 'Withdraw an accreditation from a date',
      description:
        "Withdraws an active accreditation from a date inside its window: qualifications awarded from that date no longer count as accredited. Send the accreditation's version; the withdrawal and its reason are audited.",
      params: idParams,
      body: s.withdrawBody,
      response: { status: 200, schema: s.accreditationOut },
      handler: ({ params, body }) => applications.withdrawAccreditation(params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/eligibility/accredited-qualification',
      access: permission('accreditation.read'),
      tags: tA,
      summary: 'Was a qualification from this programme, awarded on this date, accredited? (and under which window)',
      description:
        "Answers whether a graduation date falls inside one of the programme's accreditation windows (a withdrawn window counts up to the day before withdrawal). When it does not, reason says why and window is the nearest window, if any.",
      query: s.eligibilityQuery,
      response: { status: 200, schema: s.eligibilityOut },
      handler: async ({ query }) => {
        const r = await isQualificationAccredited(deps.orm.em, query.programmeId, query.graduationDate);
        const w = r.accredited ? r.window : r.nearest;
        return {
          accredited: r.accredited,
          reason: r.accredited ? null : r.reason,
          window: w
            ? {
                id: w.id,
                outcome: w.outcome,
                validFrom: w.validFrom,
                validUntil: w.validUntil,
                withdrawnFrom: w.withdrawnFrom,
              }
            : null,
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/institutions/:id/graduate-uploads',
      access: SCHOOL_WRITERS,
      tags: tG,
      summary:
        'Upload a graduate list (CSV, UTF-8): validated into a row-by-row report; nothing is imported until accepted',
      description:
        'Columns: full_name, date_of_birth (YYYY-MM-DD), student_id, programme (id or exact name), ' +
        'graduation_date (YYYY-MM-DD). The same file uploaded again returns the earlier report and changes nothing.',
      params: idParams,
      query: fileName,
      upload: { maxBytes: MAX_GRADUATE_BYTES, mediaTypes: ['text/csv'] },
      response: { status: 201, schema: s.uploadReportOut },
      handler: ({ auth, params, query, body }) =>
        graduates.upload(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/graduate-uploads/:id',
      access: STAFF_AND_SCHOOL,
      tags: tG,
      summary: 'A graduate list upload and its validation report',
      description:
        "Returns an upload's row-by-row validation report (row, field, reason for each error) and, once accepted, how many graduates were imported.",
      params: idParams,
      response: { status: 200, schema: s.uploadReportOut },
      handler: ({ auth, params }) => graduates.get(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/graduate-uploads/:id/acceptance',
      access: permission('accreditation.manage'),
      tags: tG,
      summary: 'Accept the valid rows of an upload (imports them once)',
      description:
        'Imports the valid rows of a validated upload as graduates; a graduate already known for the same programme and student id is skipped. An upload can be accepted once (409 after).',
      params: idParams,
      response: { status: 200, schema: s.uploadReportOut },
      handler: ({ auth, params }) => graduates.accept(auth!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/graduates',
      access: STAFF_AND_SCHOOL,
      tags: tG,
      summary: 'Graduates reported by schools (primary-source evidence)',
      description:
        "Lists graduates reported by schools, a page at a time (filter by programme or institution; q matches part of the name or the exact student id; sort by name or graduation date). Used as primary-source evidence when applicants declare a qualification; a school admin sees only their institutions' graduates.",
      query: s.graduateListQuery,
      response: { status: 200, schema: s.graduateList },
      handler: ({ auth, query }) => graduates.list(auth!, query),
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/public/accredited-programmes',
      access: 'public',
      tags: ['Public register'],
      summary: 'Accredited programmes today: school, programme, level, status and window (searchable)',
      description:
        'Lists the programmes whose accreditation covers today, ordered by school and programme, a page at a time (at most 100 per page). q matches part of the school or programme name in either script; level filters by qualification level. No sign-in needed.',
      query: s.publicProgrammeQuery,
      response: { status: 200, schema: s.publicProgrammeList },
      handler: ({ query }) => listAccreditedProgrammes(deps, query),
    }),
    defineRoute({
      method: 'get',
      path: '/accredited-programmes',
      access: 'public',
      tags: ['Public register'],
      summary: 'Accredited programmes (server-rendered page, no JavaScript)',
      description:
        "The same list as an HTML page in the council's languages (lang, or Accept-Language), at most 100 programmes per page, with a search form.",
      query: s.publicProgrammeQuery,
      response: { status: 200, contentType: 'text/html' },
      raw: true,
      handler: async ({ query, req, res }) => {
        const c = await council.profile();
        const lang = pickLanguage(query.lang, req.headers['accept-language'], c.locales, c.defaultLocale);
        const result = await listAccreditedProgrammes(deps, { ...query, perPage: 100 });
        res.type('html').send(
          renderAccreditedProgrammesPage(
            {
              lang,
              councilName: c.name,
              councilNameNative: c.nameNative,
              domain: c.domain,
              languages: c.locales,
              path: req.originalUrl.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, ''),
            },
            query,
            result,
          ),
        );
      },
    }),
  ];
}
