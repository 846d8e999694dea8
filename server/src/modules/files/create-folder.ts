import { randomUUID } from 'node:crypto';
import type { createFolderRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { requireVisibleMatter } from '../access/matter-access';
import { appendAudit } from '../audit/audit.repository';
import { nameTaken } from './files.errors';
import { presentFolder } from './files.presenter';
import { insertFolder, lockFolders, takenNames } from './files.repository';

export async function createFolder(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: z.output<typeof createFolderRequest>,
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const parentId = input.parentId ?? matter.rootFolderId;
  const row = await deps.db.transaction(async (tx) => {
    // The parent stays locked until commit: two creates of the same name cannot both pass the check.
    const parent = (await lockFolders(tx, [parentId])).get(parentId);
    if (!parent || parent.matterId !== matter.id) throw notFound('Parent folder');
    const taken = await takenNames(tx, parent.id, [input.name], 'folder');
    if (taken.length > 0) throw nameTaken(taken);
    const id = randomUUID();
    const folder = await insertFolder(tx, {
      id,
      firmId: matter.firmId,
      matterId: matter.id,
      parentId: parent.id,
      name: input.name,
      path: `${parent.path}${id}/`,
    });
    await appendAudit(tx, {
      firmId: matter.firmId,
      actor,
      action: 'folder.create',
      targetType: 'folder',
      targetId: id,
      matterId: matter.id,
      meta,
      data: { name: input.name, parentId: parent.id },
    });
    return folder;
  });
  return presentFolder(row);
}
