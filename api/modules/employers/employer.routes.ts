import type { Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { HttpProblem } from '../../http/problem.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { decodeUtf8 } from '../../shared/csv.js';
import { ValidationError } from '../../shared/errors.js';
import { rateLimitHeaders } from '../../shared/rate-limit.js';
import { employerService } from './employer.service.js';
import { verificationCsv, verifyNumbers, type VerificationAnswer } from './actions/verify.js';
import { watchlistService } from './actions/watchlist.js';
import { webhookService } from './actions/webhooks.js';
import { MAX_BULK_NUMBERS, numbersFromCsv } from './employer.rules.js';
import * as s from './employer.schema.js';
import { sendDownload } from '../../http/download.js';

const MAX_CSV_BYTES = 256 * 1024;
const VERIFIERS = roles('admin', 'registrar', 'reviewer', 'auditor', 'employer');
const EMPLOYER = roles('employer');
const EMPLOYER_OR_MANAGER = roles('admin', 'registrar', 'employer');

function sendCsv(res: Response, answer: VerificationAnswer) {
  res.status(200);
  sendDownload(res, {
    contentType: 'text/csv; charset=utf-8',
    filename: `verification-${answer.checkedAt.slice(0, 10)}.csv`,
    body: verificationCsv(answer),
  });
}

export function employerRoutes(deps: AppDeps): RouteDef[] {
  const orgs = employerService(deps);
  const watch = watchlistService(deps);
  const hooks = webhookService(deps);
  const staffTags = ['Employer organisations'];
  const tags = ['Employers'];

  return [
    // Staff: organisations, their accounts and keys
    defineRoute({
      method: 'get',
      path: '/api/v1/employers/organisations',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: 'Employer organisations (q searches name, identifier and e-mail)',
      description:
        'Lists employer organisations a page at a time, each with its member accounts, the number of licences it watches and its active API keys. Filter by status; q matches part of the name, identifier or contact e-mail, ignoring case.',
      query: s.organisationListQuery,
      response: { status: 200, schema: s.shown.organisationList },
      handler: ({ query }) => orgs.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employers/organisations',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: 'Register an employer organisation',
      description:
        'Registers an organisation that may verify licences in bulk and watch licences; it starts active. The identifier, when given, must not belong to another organisation (409). The change is audited.',
      body: s.shown.organisationCreate,
      response: { status: 201, schema: s.shown.organisationCreated },
      handler: ({ body }) => orgs.create(body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/employers/organisations/:id',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: 'One organisation with its accounts',
      description:
        'Returns the organisation with its member accounts, webhook URL (never its secret), and counts of watched licences and active API keys.',
      params: idParams,
      response: { status: 200, schema: s.shown.organisation },
      handler: ({ params }) => orgs.get(params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/employers/organisations/:id',
      access: permission('employers.manage'),
      tags: staffTags,
      summary:
        'Edit or deactivate an organisation (send the version you read); inactive organisations lose API and account access',
      description:
        'Changes only the fields sent. Send the version you read: if the organisation changed since, the answer is 409 and nothing is changed. Setting status to inactive stops its users and API keys at once (403 on employer operations) until it is made active again; the change is audited.',
      params: idParams,
      body: s.shown.organisationUpdate,
      response: { status: 200, schema: s.shown.organisationUpdated },
      handler: ({ params, body }) => orgs.update(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employers/organisations/:id/members',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: 'Create an employer account in the organisation and e-mail an invitation to choose a password',
      description:
        'Creates an account with the employer role, links it to the organisation and e-mails it a single-use link to choose a password. An e-mail address that already has an account is refused (409). Returns the organisation with its members.',
      params: idParams,
      body: s.shown.memberInvite,
      response: { status: 201, schema: s.shown.memberInvited },
      handler: ({ params, body }) => orgs.inviteMember(params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/employers/organisations/:id/api-keys',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: "An organisation's API keys (never the secrets)",
      description:
        'Every API key of the organisation, active and revoked, newest first, with its scopes and when it was last used. Only the public prefix of each key is shown; the registry keeps a hash of the secret, never the secret itself.',
      params: idParams,
      response: { status: 200, schema: s.shown.apiKeyList },
      handler: ({ auth, params }) => orgs.listKeys(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employers/organisations/:id/api-keys',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: 'Create an API key for the organisation; the key is in this answer only',
      description:
        'Creates a key for the organisation with the scopes asked for (verify when none are named). The whole key is in the key field of this answer only and cannot be shown again; the creation is audited.',
      params: idParams,
      body: s.shown.apiKeyCreate,
      response: { status: 201, schema: s.shown.apiKeyCreated },
      handler: ({ auth, params, body }) => orgs.createKey(auth!, body, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employers/organisations/:id/api-keys/:keyId/revocation',
      access: permission('employers.manage'),
      tags: staffTags,
      summary: 'Revoke an API key of the organisation (at once, for good)',
      description:
        'Revokes the key at once and for good: requests made with it are refused from now on. Revoking a key that is already revoked is refused (422); the revocation is audited.',
      params: s.keyParams,
      response: { status: 200, schema: s.shown.apiKeyRevoked },
      handler: ({ auth, params }) => orgs.revokeKey(auth!, params.keyId, params.id),
    }),

    // The employer's own organisation (signed-in employer users, or an API key)
    defineRoute({
      method: 'get',
      path: '/api/v1/employer/organisation',
      access: EMPLOYER,
      apiKeyScope: 'verify',
      tags,
      summary: 'Your organisation',
      description:
        "The organisation the caller acts for: the signed-in employer's organisation, or the organisation of the API key. Refused (403) when the account is not linked to an organisation or the organisation is inactive.",
      response: { status: 200, schema: s.shown.ownOrganisation },
      handler: ({ auth }) => orgs.mine(auth!),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/employer/api-keys',
      access: EMPLOYER,
      apiKeyScope: 'keys',
      tags,
      summary: "Your organisation's API keys (never the secrets)",
      description:
        'Every API key of your organisation, active and revoked, newest first, with scopes and last use. Only the public prefix of each key is shown, never the secret.',
      response: { status: 200, schema: s.shown.apiKeyList },
      handler: ({ auth }) => orgs.listKeys(auth!),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employer/api-keys',
      access: EMPLOYER,
      apiKeyScope: 'keys',
      tags,
      summary: 'Create an API key (signed-in users only); the key is in this answer only',
      description:
        'Creates a key with the scopes asked for (verify when none are named). Only a signed-in person may create keys: a request made with an API key is refused (403), so a leaked key cannot mint more. The whole key is in this answer only.',
      body: s.shown.apiKeyCreate,
      response: { status: 201, schema: s.shown.apiKeyCreated },
      handler: ({ auth, body }) => orgs.createKey(auth!, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employer/api-keys/:id/revocation',
      access: EMPLOYER,
      apiKeyScope: 'keys',
      tags,
      summary: 'Revoke one of your API keys (at once, for good)',
      description:
        "Revokes one of your organisation's keys at once and for good. A key of another organisation answers 404; a key already revoked answers 422. The revocation is audited.",
      params: idParams,
      response: { status: 200, schema: s.shown.apiKeyRevoked },
      handler: ({ auth, params }) => orgs.revokeKey(auth!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/employer/watchlist',
      access: EMPLOYER,
      apiKeyScope: 'watchlist',
      tags,
      summary: 'Your watchlist, with each licence as the public register shows it now',
      description:
        "Your watched licences a page at a time (sort by number or date added; q matches part of the number or your label). Each entry carries the licence's public register entry as it stands today.",
      query: s.watchListQuery,
      response: { status: 200, schema: s.shown.watchList },
      handler: ({ auth, query }) => watch.list(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employer/watchlist',
      access: EMPLOYER,
      apiKeyScope: 'watchlist',
      tags,
      summary: 'Watch a licence: you are told when its status changes or it gains or loses a public condition',
      description:
        'Adds a licence to your watchlist by its number (normalised as for a lookup). The licence must be on the public register and not already watched (otherwise 422). When its status changes, or it gains or loses a published condition, your organisation is e-mailed at its contact address and, with a webhook set, the webhook is called.',
      body: s.shown.watchAdd,
      response: { status: 201, schema: s.shown.watchAdded },
      handler: ({ auth, body }) => watch.add(auth!, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employer/watchlist/import',
      access: EMPLOYER,
      apiKeyScope: 'watchlist',
      tags,
      summary: 'Watch many licences from a CSV: one number per line, or a column named number',
      description:
        'Adds every number in the file (UTF-8 CSV, at most 10,000 numbers) that is on the public register, in one step. The answer counts what was added and already watched, and lists the numbers not found and the malformed ones; a file that is not UTF-8 is refused whole.',
      upload: { maxBytes: MAX_CSV_BYTES, mediaTypes: ['text/csv'] },
      response: { status: 200, schema: s.shown.watchImported },
      handler: ({ auth, body }) => watch.importCsv(auth!, body as unknown as Buffer),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/employer/watchlist/:id',
      access: EMPLOYER,
      apiKeyScope: 'watchlist',
      tags,
      summary: 'Stop watching a licence',
      description:
        'Removes the entry (by its id from the watchlist, not the licence number); no more notifications are made for it. An entry of another organisation answers 404. The removal is audited.',
      params: s.watchEntryParams,
      response: { status: 204 },
      handler: async ({ auth, params }) => {
        await watch.remove(auth!, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/employer/webhook',
      access: EMPLOYER,
      apiKeyScope: 'webhooks',
      tags,
      summary: 'Your webhook settings (the secret is never shown again)',
      description:
        'Your webhook URL, whether a signing secret is set, and until when a rotated-out secret still signs deliveries. The secret itself is shown only once, when it is issued.',
      response: { status: 200, schema: s.shown.webhook },
      handler: ({ auth }) => hooks.get(auth!),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/employer/webhook',
      access: EMPLOYER,
      apiKeyScope: 'webhooks',
      tags,
      summary:
        'Set or remove your webhook URL; a signing secret is issued with the first URL (or on rotation) and shown once',
      description:
        'Sets the URL alerts are POSTed to, or removes the webhook with url null. The URL must use https (http is accepted only outside production), hold no credentials or fragment, and in production resolve to public addresses only. A signing secret is issued with the first URL or when rotateSecret is true and is returned in this answer only; deliveries are signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) and retried with growing delays when they fail.',
      body: s.shown.webhookUpdate,
      response: { status: 200, schema: s.shown.webhookUpdated },
      handler: ({ auth, body }) => hooks.update(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/employer/notifications',
      access: EMPLOYER_OR_MANAGER,
      apiKeyScope: 'watchlist',
      tags,
      summary: 'Watchlist notifications with their webhook delivery state, newest first (staff see every organisation)',
      description:
        "The alerts made for watched licences (licence.status_changed, licence.condition_added, licence.condition_ended), newest first, with each webhook delivery's state, attempts and last error. Filter by webhookStatus, or by part of the licence number with q; staff see every organisation and may filter by organisationId.",
      query: s.notificationQuery,
      response: { status: 200, schema: s.shown.notificationList },
      handler: ({ auth, query }) => hooks.list(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/employer/notifications/:id/retry',
      access: EMPLOYER_OR_MANAGER,
      apiKeyScope: 'webhooks',
      tags,
      summary: 'Send a failed webhook delivery again',
      description:
        'Puts a failed webhook delivery back in the queue with its attempts reset; it is sent again shortly. Only a delivery in state failed can be retried (409 otherwise). The retry is audited.',
      params: idParams,
      response: { status: 200, schema: s.shown.notificationRetried },
      handler: ({ auth, params }) => hooks.retry(auth!, params.id),
    }),

    // Bulk verification
    defineRoute({
      method: 'post',
      path: '/api/v1/verifications',
      rateLimited: true,
      access: VERIFIERS,
      apiKeyScope: 'verify',
      tags: ['Verification'],
      summary: `Verify up to ${MAX_BULK_NUMBERS} licence numbers at once: one result per input, in order (found, not_found or malformed)`,
      description:
        'Authenticate with an API key (Authorization: Bearer swk_… or X-Api-Key) or as a signed-in employer or staff member. Send Accept: text/csv to receive CSV. Rate-limited per organisation.',
      body: s.verificationBody,
      raw: true,
      response: { status: 200, schema: s.verificationOut, alsoAs: ['text/csv'] },
      handler: async ({ auth, body, req, res }) => {
        const { answer, rateLimit } = await verifyNumbers(deps, auth!, body.numbers);
        res.set(rateLimitHeaders(rateLimit));
        if (req.accepts(['application/json', 'text/csv']) === 'text/csv') return sendCsv(res, answer);
        res.status(200).setHeader('Cache-Control', 'no-store');
        res.json(s.verificationOut.parse(answer));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/verifications/csv',
      rateLimited: true,
      access: VERIFIERS,
      apiKeyScope: 'verify',
      tags: ['Verification'],
      summary: `Verify the licence numbers in a CSV (one per line, or a column named number; at most ${MAX_BULK_NUMBERS}); answers CSV`,
      description:
        'Reads the numbers from a UTF-8 CSV (a column named number or licence_number, or else the first column of each line) and answers in the same CSV as POST /api/v1/verifications with Accept: text/csv. More than 1000 numbers answers 413; a file with none answers 422. Rate-limited per organisation (per account for staff).',
      upload: { maxBytes: MAX_CSV_BYTES, mediaTypes: ['text/csv'] },
      raw: true,
      response: {
        status: 200,
        contentType: 'text/csv',
        description:
          'input,number,result,name,tier,status,practise_allowed,valid_until,conditions,sanctions (UTF-8 with BOM)',
      },
      handler: async ({ auth, body, res }) => {
        // a file that is not UTF-8, or holds a character no text may hold, is refused whole (CsvEncodingError)
        const numbers = numbersFromCsv(decodeUtf8(body as unknown as Buffer));
        if (!numbers.length)
          throw new ValidationError(
            'numbers',
            'the file holds no licence numbers (one per line, or a column named number)',
          );
        if (numbers.length > MAX_BULK_NUMBERS) {
          throw new HttpProblem(
            'payload-too-large',
            `At most ${MAX_BULK_NUMBERS} numbers per request (the file holds ${numbers.length})`,
            [{ field: 'numbers', message: `at most ${MAX_BULK_NUMBERS}` }],
          );
        }
        const { answer, rateLimit } = await verifyNumbers(deps, auth!, numbers);
        res.set(rateLimitHeaders(rateLimit));
        sendCsv(res, answer);
      },
    }),
  ];
}
