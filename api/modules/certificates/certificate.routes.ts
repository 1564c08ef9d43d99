import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { certificateService } from './certificate.service.js';
import { KIND_SLUGS } from './certificate.rules.js';
import * as s from './certificate.schema.js';
import { sendDownload } from '../../http/download.js';

export function certificateRoutes(deps: AppDeps): RouteDef[] {
  const certificates = certificateService(deps);
  const tags = ['Certificates'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/:id/certificates/:kind',
      rateLimited: true,
      access: roles('admin', 'registrar', 'social_worker'),
      tags,
      summary:
        'Download the licence certificate (A4) or wallet card as PDF (your own licence, or any for registrars); active or grace licences only',
      description:
        'Prints the current issue; when there is none, or it no longer matches the licence (renewal, name or tier change), a new issue is made and counted first.',
      params: s.kindParams,
      response: { status: 200, contentType: 'application/pdf' },
      raw: true,
      handler: async ({ auth, params, res }) => {
        const out = await certificates.download(auth!, params.id, KIND_SLUGS[params.kind]!);
        res.setHeader('X-Certificate-Issuance', out.issuance.id);
        sendDownload(res, { contentType: 'application/pdf', filename: out.filename, body: out.pdf });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/licences/:id/certificates/:kind/reissue',
      access: permission('licences.manage'),
      tags,
      summary:
        'Reissue a certificate or wallet card (lost card, name change) with a reason; the next download prints it',
      description:
        'Makes a new issue of the certificate or wallet card with the reason recorded and audited; the next download prints it with a new verification code. Where the council charges a reissue fee, an invoice is raised to the holder. Only an active or grace licence can be reissued.',
      params: s.kindParams,
      body: s.reissueBody,
      response: { status: 201, schema: s.issuanceOut },
      handler: ({ auth, params, body }) =>
        certificates.reissue(auth!, params.id, KIND_SLUGS[params.kind]!, body.reason),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/:id/certificates',
      access: permission('licences.manage'),
      tags,
      summary: 'Every certificate and wallet card issued for a licence, newest first',
      description:
        "Every issue of the licence's certificate and wallet card, newest first: kind, sequence, when and by whom it was issued, and the reason of a reissue.",
      params: idParams,
      response: { status: 200, schema: s.issuanceList },
      handler: ({ params }) => certificates.list(params.id),
    }),
  ];
}
