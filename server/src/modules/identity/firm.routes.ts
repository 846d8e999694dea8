import {
  branding,
  brandingQuery,
  firmLogoResponse,
  firmSettings,
  logoQuery,
  updateFirmRequest,
} from '@parley/contracts';
import { route } from '../../platform/http/route';
import { presentBranding, presentFirm } from './firm.presenter';
import { readFirmLogo, removeFirmLogo, setFirmLogo } from './firm-logo';
import { readFirm } from './read-firm';
import { updateFirm } from './update-firm';

/** API.md "Firm settings and branding". */
export const firmRoutes = [
  route({
    method: 'GET',
    url: '/firm',
    summary: "The caller's firm and its settings",
    tag: 'firm',
    auth: 'staff',
    response: firmSettings,
    handler: async ({ deps, actor }) => presentFirm(await readFirm(deps, { firmId: actor.firmId })),
  }),
  route({
    method: 'PATCH',
    url: '/firm',
    summary:
      'Change firm settings (admin): name, brand colour (4.5:1 against white, else 422 low_contrast), welcome text, IANA time zone, quiet hours, default locale, requireStaffTotp',
    tag: 'firm',
    auth: 'admin',
    body: updateFirmRequest,
    response: firmSettings,
    errors: [403, 422],
    handler: ({ deps, actor, body, meta }) => updateFirm(deps, actor, body, meta),
  }),
  route({
    method: 'PUT',
    url: '/firm/logo',
    summary:
      'Set the firm logo (admin): multipart/form-data with one part named `file`, a PNG, JPEG or WebP of at most 1 MB, checked by its bytes',
    tag: 'firm',
    auth: 'admin',
    response: firmLogoResponse,
    errors: [403, 413, 415],
    handler: ({ deps, actor, request, meta }) => setFirmLogo(deps, actor, request, meta),
  }),
  route({
    method: 'DELETE',
    url: '/firm/logo',
    summary: 'Remove the firm logo (admin)',
    tag: 'firm',
    auth: 'admin',
    status: 204,
    errors: [403],
    handler: ({ deps, actor, meta }) => removeFirmLogo(deps, actor, meta),
  }),
  route({
    method: 'GET',
    url: '/branding',
    summary:
      "A firm's name, logo, brand colour and welcome text (no sign-in): the instance's first firm unless `firm` names one",
    tag: 'firm',
    auth: 'none',
    query: brandingQuery,
    response: branding,
    errors: [404],
    handler: async ({ deps, query }) =>
      presentBranding(await readFirm(deps, query.firm ? { firmId: query.firm } : {})),
  }),
  route({
    method: 'GET',
    url: '/branding/logo',
    summary: "A firm's logo (no sign-in); the URL from `logoUrl` is cached for good",
    tag: 'firm',
    auth: 'none',
    query: logoQuery,
    errors: [304, 404],
    handler: async ({ deps, query, request, reply }) => {
      const logo = await readFirmLogo(deps, query.firm);
      const etag = `"${logo.sha256}"`;
      // A URL that names this very content never changes; any other is checked again soon.
      const current = query.v !== undefined && logo.sha256.startsWith(query.v) && query.v.length >= 16;
      reply
        .header('etag', etag)
        .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox");
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type(logo.contentType).send(logo.bytes);
    },
  }),
];
