import { randomUUID } from 'node:crypto';
import type { createMatterRequest, updateMatterRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { appendAudit } from '../audit/audit.repository';
import { presentMatter } from './matters.presenter';
import {
  existingStaffIds,
  insertMatter,
  replaceMatterStaff,
  staffIdsByMatter,
  updateMatterRow,
} from './matters.repository';

export const ROOT_FOLDER_NAME = 'All Files';

/** Every listed staff id must be active staff of the firm; else 404 naming them (nothing is written). */
async function checkStaffIds(db: Queryable, actor: StaffActor, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = await existingStaffIds(db, actor.firmId, unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(
      'not_found',
      `Staff member(s) not found: ${missing.join(', ')}.`,
      missing.map((id) => ({ field: 'body.staffIds', id })),
    );
  }
  return unique;
}

/** A new matter with its All Files root folder. A restricted matter always lists its creator. */
export async function createMatter(
  deps: Deps,
  actor: StaffActor,
  input: z.output<typeof createMatterRequest>,
  meta: RequestMeta,
) {
  const restricted = input.restricted ?? false;
  const staffIds = await checkStaffIds(deps.db, actor, [
    ...(input.staffIds ?? []),
    ...(restricted ? [actor.id] : []),
  ]);
  const row = await deps.db.transaction(async (tx) => {
    const matter = await insertMatter(
      tx,
      {
        firmId: actor.firmId,
        title: input.title,
        number: input.number ?? null,
        restricted,
        createdBy: actor.id,
      },
      { id: randomUUID(), name: ROOT_FOLDER_NAME },
    );
    await replaceMatterStaff(tx, actor.firmId, matter.id, staffIds);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'matter.create',
      targetType: 'matter',
      targetId: matter.id,
      matterId: matter.id,
      meta,
      data: { title: matter.title, number: matter.number, restricted, staffIds },
    });
    return matter;
  });
  return presentMatter(row, [...staffIds].sort());
}

export async function updateMatter(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: z.output<typeof updateMatterRequest>,
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const restricted = input.restricted ?? matter.restricted;
  const current = (await staffIdsByMatter(deps.db, [matter.id])).get(matter.id) ?? [];
  let staffIds = input.staffIds ? await checkStaffIds(deps.db, actor, input.staffIds) : current;
  // Whoever restricts a matter stays on it, so nobody locks themselves out by accident.
  if (restricted && !staffIds.includes(actor.id) && (input.restricted === true || input.staffIds))
    staffIds = [...staffIds, actor.id];
  const row = await deps.db.transaction(async (tx) => {
    const updated = await updateMatterRow(tx, matter.id, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.number !== undefined ? { number: input.number } : {}),
      restricted,
    });
    if (staffIds !== current) await replaceMatterStaff(tx, actor.firmId, matter.id, staffIds);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'matter.update',
      targetType: 'matter',
      targetId: matter.id,
      matterId: matter.id,
      meta,
      data: { changes: input, staffIds },
    });
    return updated;
  });
  // Who may see this matter's conversations may have changed: realtime forgets what it knew.
  if (restricted !== matter.restricted || staffIds !== current)
    await deps.realtime.publish({ type: 'access.changed', matterId: matter.id });
  return presentMatter(row, [...staffIds].sort());
}
