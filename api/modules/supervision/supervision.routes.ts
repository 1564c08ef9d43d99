import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { supervisionService } from './supervision.service.js';

const entryOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    superviseeId: z.uuid().describe('The registrant whose practice was supervised'),
    superviseeName: z.string().describe('Name of the supervisee'),
    supervisorId: z.uuid().describe('The supervising registrant'),
    supervisorName: z.string().describe('Name of the supervisor'),
    supervisorLicenceNumber: z.string().describe('Licence number of the supervisor'),
    periodStart: z.iso.date().describe('First day of the supervised period'),
    periodEnd: z.iso.date().describe('Last day of the supervised period'),
    hours: z.number().describe('Hours of supervised practice in the period'),
    description: z.string().describe("What the practice covered, in the supervisee's words"),
    status: z
      .enum(['pending', 'confirmed', 'disputed'])
      .describe('pending (awaiting the supervisor), confirmed or disputed'),
    disputeReason: z.string().nullable().describe('Why the supervisor disputes the entry'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'SupervisionEntry' });

const logBody = z
  .object({
    supervisorLicenceNumber: z.string().trim().min(3).max(40).describe('Licence number of the supervisor'),
    periodStart: z.iso.date().describe('First day of the supervised period'),
    periodEnd: z.iso.date().describe('Last day of the supervised period'),
    hours: z.number().positive('must be more than 0').max(10000).describe('Hours of supervised practice in the period'),
    description: z.string().trim().min(5).max(4000).describe('What the practice covered (cases, settings, methods)'),
  })
  .meta({ id: 'SupervisionEntryCreate' });

export function supervisionRoutes(deps: AppDeps): RouteDef[] {
  const supervision = supervisionService(deps);
  const tags = ['Supervised practice'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/supervision-entries',
      access: roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker'),
      tags,
      summary:
        'Supervision entries: your own as supervisee, or (role=supervisor) those naming you; with confirmed hours',
      description:
        'A social worker sees the entries they logged, or with role=supervisor the entries naming them as supervisor; staff see every entry. Filter by status. Newest period first, at most 500 entries, with the total of confirmed hours among them.',
      query: z.object({
        role: z
          .enum(['supervisee', 'supervisor'])
          .optional()
          .describe('supervisee: entries you logged; supervisor: entries naming you as supervisor'),
        status: z.enum(['pending', 'confirmed', 'disputed']).optional(),
      }),
      response: {
        status: 200,
        schema: z
          .object({
            items: z.array(entryOut),
            total: z.number().int(),
            confirmedHours: z.number().describe('Hours the supervisors have confirmed, in all entries'),
          })
          .meta({ id: 'SupervisionEntryList' }),
      },
      handler: ({ auth, query }) => supervision.list(auth!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/supervision-entries',
      access: roles('social_worker'),
      tags,
      summary: 'Log supervised hours with a named supervisor (by licence number)',
      description:
        "Logs supervised practice for a period that has ended (at most 16 hours a day), naming the supervisor by licence number. The supervisor's tier must allow supervising and their licence must have been active for the whole period; nobody supervises themself. The entry waits for the supervisor to confirm it.",
      body: logBody,
      response: { status: 201, schema: entryOut },
      handler: ({ auth, body }) => supervision.log(auth!, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/supervision-entries/:id/decision',
      access: roles('social_worker'),
      tags,
      summary: 'As the named supervisor, confirm or dispute an entry',
      description:
        'The supervisor named in a pending entry confirms it (its hours then count towards requirements) or disputes it with a reason. Only that supervisor may decide (403); a decided entry answers 409. Send the version you read.',
      params: idParams,
      body: z
        .object({
          decision: z.enum(['confirmed', 'disputed']).describe('confirm the entry, or dispute it'),
          reason: z
            .string()
            .trim()
            .min(5)
            .max(2000)
            .optional()
            .describe('Why the entry is disputed (required to dispute)'),
          version: z
            .number()
            .int()
            .min(1)
            .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
        })
        .meta({ id: 'SupervisionDecision' }),
      response: { status: 200, schema: entryOut },
      handler: ({ auth, params, body }) => supervision.decide(auth!, params.id, body),
    }),
  ];
}
