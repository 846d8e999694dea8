import { idParams } from '@parley/contracts';
import { route } from '../../platform/http/route';
import { exportMatter } from './export-matter';

export const exportRoutes = [
  route({
    method: 'GET',
    url: '/matters/:id/export',
    summary:
      "The matter's record as a zip, streamed: All Files with earlier versions, each conversation as a PDF transcript and JSON, the audit rows with their chain hashes (admins and staff on the matter)",
    tag: 'matters',
    auth: 'staff',
    params: idParams,
    errors: [404],
    handler: ({ deps, actor, params, reply, meta }) => exportMatter(deps, actor, params.id, reply, meta),
  }),
];
