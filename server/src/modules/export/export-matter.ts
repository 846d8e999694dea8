import type { FastifyReply } from 'fastify';
import type { Deps } from '../../deps';
import { ZipAborted, ZipStream } from '../../platform/archive/zip-stream';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import { contentDisposition } from '../../platform/http/send-file';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { sealAudit } from '../audit/seal';
import { findFirm } from '../identity/identity.repository';
import { databaseNow, findExportableMatter } from './export.repository';
import { writeMatterArchive } from './matter-archive';
import { safeSegment } from './zip-names';

/**
 * `GET /matters/:id/export`: the matter's record as one zip, streamed (docs/export.md). Admins and
 * the staff listed on the matter only; anyone else gets the 404 of a missing matter. The export is
 * audited (`matter.export`) and sealed before the zip is written, so its audit part ends with it.
 */
export async function exportMatter(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  reply: FastifyReply,
  meta: RequestMeta,
) {
  const matter = await findExportableMatter(deps.db, actor, matterId);
  if (!matter) throw notFound('Matter');
  const firm = await findFirm(deps.db, matter.firmId);
  if (!firm) throw notFound('Matter');
  const cutoff = await databaseNow(deps.db);
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      firmId: matter.firmId,
      actor,
      action: 'matter.export',
      targetType: 'matter',
      targetId: matter.id,
      matterId: matter.id,
      meta,
      data: { cutoff: cutoff.toISOString() },
    }),
  );
  await sealAudit(deps.db, matter.firmId);

  const zip = new ZipStream();
  writeMatterArchive(deps, zip, {
    firm,
    matter,
    exportedBy: { id: actor.id, name: actor.name },
    cutoff,
  }).catch((error: unknown) => {
    if (error instanceof ZipAborted) return;
    deps.log.error({ err: error, matterId: matter.id }, 'matter export failed');
    zip.fail(error instanceof Error ? error : new Error(String(error)));
  });
  const day = cutoff.toISOString().slice(0, 10);
  return reply
    .status(200)
    .headers({
      'content-type': 'application/zip',
      'content-disposition': contentDisposition('attachment', `${safeSegment(matter.title)} ${day}.zip`),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .send(zip.output);
}
