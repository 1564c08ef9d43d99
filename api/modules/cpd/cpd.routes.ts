import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { cpdService } from './cpd.service.js';
import { MAX_ROSTER_BYTES, providerActions } from './actions/providers.js';
import { MAX_EVIDENCE_BYTES, recordActions } from './actions/records.js';
import { auditActions, MAX_AUDIT_EVIDENCE_BYTES } from './actions/audit.js';
import { transcriptActions } from './cpd.transcript.js';
import * as s from './cpd.schema.js';
import { sendDownload } from '../../http/download.js';
import { DOCUMENT_MEDIA_TYPES } from '../documents/index.js';

const STAFF_AND_PROVIDER = roles('admin', 'registrar', 'reviewer', 'auditor', 'cpd_provider');
const MANAGERS_AND_PROVIDER = roles('admin', 'registrar', 'cpd_provider');
const STAFF_AND_SELF = roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker');
const SELF = roles('social_worker');

const sendFile = (res: import('express').Response, doc: { contentType: string; filename: string; data: unknown }) =>
  sendDownload(res, { contentType: doc.contentType, filename: doc.filename, body: doc.data as Buffer });

const sendPdf = (res: import('express').Response, t: { filename: string; pdf: Buffer }) =>
  sendDownload(res, { contentType: 'application/pdf', filename: t.filename, body: t.pdf });

export function cpdRoutes(deps: AppDeps): RouteDef[] {
  const cpd = cpdService(deps);
  const providers = providerActions(deps);
  const records = recordActions(deps);
  const audits = auditActions(deps);
  const transcripts = transcriptActions(deps);
  const tA = ['CPD audit'];
  const tR = ['CPD rules'];
  const tP = ['CPD providers and activities'];
  const tC = ['CPD records'];

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/rules',
      access: 'authenticated',
      tags: tR,
      summary:
        'CPD rules per tier: credits per cycle, category minimums and maximums, structured minimum, carry-over cap, pro-rating',
      description:
        'For each active tier, in rank order: the CPD credits required per cycle, minimum and maximum credits per category, the minimum of structured learning, how many credits may carry over and whether the requirement is pro-rated for a part cycle. Any signed-in user may read it.',
      response: { status: 200, schema: s.ruleSetList },
      handler: () => cpd.ruleSets(),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/cpd/rules/:tierCode',
      access: permission('cpd.manage'),
      tags: tR,
      summary: "Set a tier's CPD rules (send the version you read, none for the first time)",
      description:
        'Replaces the CPD rules of one tier. Category codes must exist and each minimum may not exceed its maximum, nor the structured minimum the credits required. Send the version you read (none the first time the tier gets rules); a stale version answers 409. Audited.',
      params: s.tierCodeParams,
      body: s.ruleSetBody,
      response: { status: 200, schema: s.ruleSetOut },
      handler: ({ params, body }) => cpd.setRules(params.tierCode, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/settings',
      access: permission('cpd.read'),
      tags: tR,
      summary:
        'CPD settings: automatic acceptance of self-declared records, whether audits block renewal, the audit response window, credits per hour',
      description: 'The council-wide CPD settings, with the version to send with a change.',
      response: { status: 200, schema: s.settingsOut },
      handler: () => cpd.settings(),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/cpd/settings',
      access: permission('cpd.manage'),
      tags: tR,
      summary: 'Change the CPD settings',
      description:
        'Changes the settings sent: automatic acceptance of self-declared records, whether an open audit blocks renewal, the number of days to answer an audit and the credits given per hour. With a version, a stale one answers 409. Audited.',
      body: s.settingsBody,
      response: { status: 200, schema: s.settingsOut },
      handler: ({ body }) => cpd.updateSettings(body),
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/providers',
      access: STAFF_AND_PROVIDER,
      tags: tP,
      summary: 'Approved CPD providers (a provider account sees its own)',
      description:
        'The CPD providers approved by the council, approved or suspended; a cpd_provider account sees only the providers it acts for.',
      response: { status: 200, schema: s.providerList },
      handler: ({ auth }) => providers.listProviders(auth!),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/providers',
      access: permission('cpd.manage'),
      tags: tP,
      summary: 'Approve a CPD provider',
      description:
        'Approves an organisation as a CPD provider: it may then propose activities and send attendance rosters. Audited.',
      body: s.providerBody,
      response: { status: 201, schema: s.providerOut },
      handler: ({ body }) => providers.createProvider(body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/cpd/providers/:id',
      access: permission('cpd.manage'),
      tags: tP,
      summary: 'Change or suspend a provider (send the version you read)',
      description:
        "Changes the provider's details, or suspends it (a suspended provider cannot add activities). Send the version you read (409 if it changed since); audited.",
      params: idParams,
      body: s.providerPatch,
      response: { status: 200, schema: s.providerOut },
      handler: ({ params, body }) => providers.updateProvider(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/providers/:id/accounts',
      access: permission('cpd.manage'),
      tags: tP,
      summary: 'Let a cpd_provider account act for this provider',
      description:
        'Links an account that holds the cpd_provider role to the provider, so it may propose activities and send rosters for it. Audited.',
      params: idParams,
      body: s.providerAccountBody,
      response: { status: 200, schema: s.providerOut },
      handler: ({ params, body }) => providers.addProviderAccount(params.id, body.accountId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/activities',
      access: STAFF_AND_PROVIDER,
      tags: tP,
      summary: 'CPD activities (a provider sees only its own)',
      description:
        "Lists CPD activities a page at a time, sorted by title, start date or status; filter by provider or status (proposed, approved, refused). A provider account sees only its own provider's activities.",
      query: s.activityListQuery,
      response: { status: 200, schema: s.activityList },
      handler: ({ auth, query }) => providers.listActivities(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/activities',
      access: MANAGERS_AND_PROVIDER,
      tags: tP,
      summary: 'Add an activity (a provider proposes it for approval; staff add it approved)',
      description:
        "Adds an activity of an approved provider with its category, dates and credits. Added by a provider account it is proposed and waits for the council's decision; added by staff it is approved at once. Audited.",
      body: s.activityBody,
      response: { status: 201, schema: s.activityOut },
      handler: ({ auth, body }) => providers.createActivity(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/activities/:id',
      access: STAFF_AND_PROVIDER,
      tags: tP,
      summary: 'One activity',
      description:
        "One activity with its provider, category, dates, credits and status. A provider account may read only its own provider's activities.",
      params: idParams,
      response: { status: 200, schema: s.activityOut },
      handler: ({ auth, params }) => providers.getActivity(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/activities/:id/decision',
      access: permission('cpd.manage'),
      tags: tP,
      summary: 'Approve or refuse a proposed activity',
      description:
        'Approves or refuses a proposed activity; only an approved activity accepts attendance rosters. An activity already decided answers 409; send the version you read. Audited.',
      params: idParams,
      body: s.activityDecisionBody,
      response: { status: 200, schema: s.activityOut },
      handler: ({ auth, params, body }) => providers.decideActivity(auth!, params.id, body.decision, body.version),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/activities/:id/rosters',
      access: MANAGERS_AND_PROVIDER,
      tags: tP,
      summary:
        'Upload an attendance roster (CSV, UTF-8): validated into a row-by-row report; nothing is recorded until accepted',
      description:
        'Columns: licence_number (required), full_name (checked against the licence holder when given), ' +
        "credits (default: the activity's), completed_on (YYYY-MM-DD within the activity's dates; default: its last day). " +
        'The same file uploaded again returns the earlier report.',
      params: idParams,
      query: s.fileName,
      upload: { maxBytes: MAX_ROSTER_BYTES, mediaTypes: ['text/csv'] },
      response: { status: 201, schema: s.rosterOut },
      handler: ({ auth, params, query, body }) =>
        providers.uploadRosterCsv(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/activities/:id/roster-rows',
      access: MANAGERS_AND_PROVIDER,
      tags: tP,
      summary: 'Send an attendance roster as JSON rows (same validation and report as the CSV upload)',
      description:
        "The same as the CSV roster upload, with the rows as JSON: each row's licence number is matched to its holder and checked, giving a row-by-row report; nothing is recorded until the roster is accepted. The activity must be approved (409 otherwise).",
      params: idParams,
      body: s.rosterJsonBody,
      response: { status: 201, schema: s.rosterOut },
      handler: ({ auth, params, body }) => providers.uploadRosterJson(auth!, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/activities/:id/rosters/:rosterId',
      access: STAFF_AND_PROVIDER,
      tags: tP,
      summary: 'A roster and its validation report',
      description:
        'One attendance roster of the activity with its row-by-row validation report and, once accepted, how many records it created.',
      params: s.activityRosterParams,
      response: { status: 200, schema: s.rosterOut },
      handler: ({ auth, params }) => providers.getRoster(auth!, params.id, params.rosterId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/activities/:id/rosters/:rosterId/acceptance',
      access: MANAGERS_AND_PROVIDER,
      tags: tP,
      summary: 'Accept a roster: each valid row becomes a verified CPD record (once per person and activity)',
      description:
        'Turns each valid row of the roster into an accepted, provider-verified CPD record; a person who already has a record for this activity is skipped. A roster can be accepted once (409 after). Audited.',
      params: s.activityRosterParams,
      response: { status: 200, schema: s.rosterOut },
      handler: ({ auth, params }) => providers.acceptRoster(auth!, params.id, params.rosterId),
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/records',
      access: STAFF_AND_SELF,
      tags: tC,
      summary: 'CPD records: the review queue for staff (filter by status), your own for a social worker',
      description:
        'Lists CPD records a page at a time, sorted by completion date, creation date or status; staff filter by status, registrant or source (provider or self). A social worker sees only their own records.',
      query: s.recordListQuery,
      response: { status: 200, schema: s.recordList },
      handler: ({ auth, query }) => records.list(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/records',
      access: SELF,
      tags: tC,
      summary: 'Log a CPD activity (pending review unless the council accepts self-declared records automatically)',
      description:
        "The signed-in social worker logs an activity they completed (not in the future) in a category; credits are the hours times the council's credits per hour. The record waits for review, or is accepted at once when the council accepts self-declared records automatically. Attach evidence afterwards.",
      body: s.recordBody,
      response: { status: 201, schema: s.recordOut },
      handler: ({ auth, body }) => records.create(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/records/:id',
      access: STAFF_AND_SELF,
      tags: tC,
      summary: 'One CPD record',
      description:
        "One CPD record with its status, credits, evidence and the reviewer's decision. Staff may read any; a social worker only their own.",
      params: idParams,
      response: { status: 200, schema: s.recordOut },
      handler: ({ auth, params }) => records.get(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/records/:id/evidence',
      access: SELF,
      tags: tC,
      summary: 'Attach evidence to your record: a PDF or image as the body (checked by content)',
      description:
        'Stores a piece of evidence (PDF or image, checked by its content) for one of your self-declared records. Provider-verified records need none and a rejected record takes no more (409).',
      params: idParams,
      query: s.fileName,
      upload: { maxBytes: MAX_EVIDENCE_BYTES, mediaTypes: DOCUMENT_MEDIA_TYPES },
      response: { status: 201, schema: s.recordOut },
      handler: ({ auth, params, query, body }) =>
        records.addEvidence(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/records/:id/evidence/:documentId',
      access: STAFF_AND_SELF,
      tags: tC,
      summary: 'Download evidence',
      description:
        "Returns the evidence file's bytes with its content type and name, to staff or to the record's owner.",
      params: s.recordEvidenceParams,
      response: { status: 200, contentType: 'application/octet-stream' },
      raw: true,
      handler: async ({ auth, params, res }) =>
        sendFile(res, await records.evidence(auth!, params.id, params.documentId)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/records/:id/resubmit',
      access: SELF,
      tags: tC,
      summary: 'Send a record back for review after staff asked for more',
      description:
        'Sends your record back for review, optionally with a new reflection, after the council asked for more information (add evidence first). Only a record in state info_requested can be resubmitted; send the version you read.',
      params: idParams,
      body: s.recordResubmitBody,
      response: { status: 200, schema: s.recordOut },
      handler: ({ auth, params, body }) => records.resubmit(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/records/:id/decision',
      access: permission('cpd.review'),
      tags: tC,
      summary: 'Accept, reject (with a reason) or ask for more information',
      description:
        "Accepts a record, rejects it, or asks its owner for more information, with a note. A decision the record's state does not allow answers 409; send the version you read. Audited.",
      params: idParams,
      body: s.recordDecisionBody,
      response: { status: 200, schema: s.recordOut },
      handler: ({ auth, params, body }) => records.decide(auth!, params.id, body),
    }),

    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/progress/mine',
      access: SELF,
      tags: tC,
      summary: 'Your progress this cycle: credits per category, days left, warnings',
      description:
        'Where the signed-in social worker stands in the CPD cycle containing asOf (default today): credits accepted per category against the minimums and maximums, structured credits, credits carried over, exemptions, days left, and warnings.',
      query: s.progressQuery,
      response: { status: 200, schema: s.progressOut },
      handler: ({ auth, query }) => cpd.progress(auth!, null, query.asOf),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/registrants/:id/progress',
      access: STAFF_AND_SELF,
      tags: tC,
      summary: "A registrant's CPD progress this cycle",
      description: 'The same progress view for one registrant, for staff or the registrant themself.',
      params: idParams,
      query: s.progressQuery,
      response: { status: 200, schema: s.progressOut },
      handler: ({ auth, params, query }) => cpd.progress(auth!, params.id, query.asOf),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/transcript/mine',
      access: SELF,
      tags: tC,
      summary: 'Your CPD transcript (PDF) of accepted activities for the cycle containing asOf (default today)',
      description:
        "A PDF of the signed-in social worker's accepted CPD activities in the cycle containing asOf, with their credits, to keep or show an employer.",
      query: s.transcriptQuery,
      response: { status: 200, contentType: 'application/pdf' },
      raw: true,
      handler: async ({ auth, query, res }) => sendPdf(res, await transcripts.transcript(auth!, null, query.asOf)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/registrants/:id/transcript',
      access: STAFF_AND_SELF,
      tags: tC,
      summary: "A registrant's CPD transcript (PDF) for the cycle containing asOf",
      description: 'The same transcript PDF for one registrant, for staff or the registrant themself.',
      params: idParams,
      query: s.transcriptQuery,
      response: { status: 200, contentType: 'application/pdf' },
      raw: true,
      handler: async ({ auth, params, query, res }) =>
        sendPdf(res, await transcripts.transcript(auth!, params.id, query.asOf)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/exemptions',
      access: STAFF_AND_SELF,
      tags: tC,
      summary: 'CPD exemptions (yours, for a social worker)',
      description:
        'CPD exemptions, latest start first (at most 500): staff may filter by registrant; a social worker sees only their own.',
      query: s.exemptionListQuery,
      response: { status: 200, schema: s.exemptionList },
      handler: ({ auth, query }) => cpd.exemptions(auth!, query.registrantId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/exemptions',
      access: permission('cpd.manage'),
      tags: tC,
      summary: 'Grant an exemption with dates (parental or medical leave…): the requirement is reduced pro rata',
      description:
        'Grants a registrant an exemption for a period with its reason; the CPD required in a cycle is reduced in proportion to the days exempted. Audited.',
      body: s.exemptionBody,
      response: { status: 201, schema: s.exemptionOut },
      handler: ({ auth, body }) => cpd.grantExemption(auth!, body),
    }),

    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/audit-rounds',
      access: permission('cpd.manage'),
      tags: tA,
      summary:
        'Start an audit round: the draw is made now from the recorded seed, and the selected people are e-mailed',
      description:
        'The draw: eligible people (after exclusions) are grouped by the strata fields; in each stratum they are ' +
        'ranked by HMAC-SHA256(seed, licence number) and the first ceil(rate × size) are selected. ' +
        'Targeted people are added with their reason.',
      body: s.auditRoundBody,
      response: { status: 201, schema: s.auditRoundOut },
      handler: ({ auth, body }) => audits.draw(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/audit-rounds',
      access: permission('cpd.read'),
      tags: tA,
      summary: 'Audit rounds with their population per stratum and outcomes so far',
      description:
        'Every audit round with its seed, rate, strata, the population of each stratum and its selections counted by status so far.',
      response: { status: 200, schema: s.auditRoundList },
      handler: () => audits.listRounds(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/audit-rounds/:id',
      access: permission('cpd.read'),
      tags: tA,
      summary: 'One audit round',
      description: 'One audit round with its parameters, populations and outcomes so far.',
      params: idParams,
      response: { status: 200, schema: s.auditRoundOut },
      handler: ({ params }) => audits.getRound(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/audit-rounds/:id/report',
      access: permission('cpd.read'),
      tags: tA,
      summary:
        'The selection report (JSON or CSV): seed, algorithm, population per stratum, every eligible licence number and the selection, so anyone can repeat the draw',
      description:
        'Everything needed to repeat the draw independently: the seed and algorithm, the population per stratum, every eligible licence number and which were selected. format=csv answers a CSV file instead of JSON.',
      params: idParams,
      query: s.reportQuery,
      response: { status: 200, contentType: 'application/json', alsoAs: ['text/csv'] },
      raw: true,
      handler: async ({ params, query, res }) => {
        const r = await audits.report(params.id, query.format);
        sendDownload(res, { contentType: r.contentType, filename: r.filename, body: r.body });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/audit-selections',
      access: STAFF_AND_SELF,
      tags: tA,
      summary: 'People selected for audit (your own audits, for a social worker)',
      description:
        'Lists audit selections a page at a time, sorted by licence number, status or due date; filter by round or status. A social worker sees only their own audits.',
      query: s.selectionListQuery,
      response: { status: 200, schema: s.selectionList },
      handler: ({ auth, query }) => audits.listSelections(auth!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/audit-selections/:id',
      access: STAFF_AND_SELF,
      tags: tA,
      summary: "One person's audit",
      description:
        "One person's audit: the round, due date, status, their answer, evidence and the outcome. Staff may read any; a social worker only their own.",
      params: idParams,
      response: { status: 200, schema: s.selectionOut },
      handler: ({ auth, params }) => audits.getSelection(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/audit-selections/:id/response',
      access: SELF,
      tags: tA,
      summary: 'Answer your audit within the response window',
      description:
        'Answers your audit with a note describing the evidence (attach files separately). Refused (422) after the due date unless an extension was granted. If your provider-verified records already meet the requirement, the audit passes at once. Send the version you read.',
      params: idParams,
      body: s.auditResponseBody,
      response: { status: 200, schema: s.selectionOut },
      handler: ({ auth, params, body }) => audits.respond(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/audit-selections/:id/evidence',
      access: SELF,
      tags: tA,
      summary: 'Attach evidence to your audit answer: a PDF or image as the body (checked by content)',
      description:
        'Stores a piece of evidence (PDF or image, checked by its content) for your audit while it is open (selected, submitted or extended); a closed audit answers 409.',
      params: idParams,
      query: s.fileName,
      upload: { maxBytes: MAX_AUDIT_EVIDENCE_BYTES, mediaTypes: DOCUMENT_MEDIA_TYPES },
      response: { status: 201, schema: s.selectionOut },
      handler: ({ auth, params, query, body }) =>
        audits.addEvidence(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/cpd/audit-selections/:id/evidence/:documentId',
      access: STAFF_AND_SELF,
      tags: tA,
      summary: 'Download audit evidence',
      description:
        "Returns an audit evidence file's bytes with its content type and name, to staff or to the person audited.",
      params: s.recordEvidenceParams,
      response: { status: 200, contentType: 'application/octet-stream' },
      raw: true,
      handler: async ({ auth, params, res }) =>
        sendFile(res, await audits.evidence(auth!, params.id, params.documentId)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/cpd/audit-selections/:id/outcome',
      access: permission('cpd.review'),
      tags: tA,
      summary: 'Record the outcome: pass, pass with advice, fail, or grant an extension (with the new due date)',
      description:
        "Closes an audit as passed, passed with advice or failed, or grants an extension with a new due date later than the current one. Passing needs the person's answer; someone who has not answered can be failed only after the due date (422 otherwise). Send the version you read; audited.",
      params: idParams,
      body: s.auditOutcomeBody,
      response: { status: 200, schema: s.selectionOut },
      handler: ({ auth, params, body }) => audits.decide(auth!, params.id, body),
    }),
  ];
}
