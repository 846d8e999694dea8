import type { createDocumentRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { AppError, notFound } from '../../platform/errors';
import type { FormPart } from '../../platform/http/form-parts';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { type MatterRow, requireVisibleMatter } from '../access/matter-access';
import { appendAudit } from '../audit/audit.repository';
import {
  claimUpload,
  cleanContentType,
  cleanUploadName,
  insertVersion,
  nameTooLong,
  promoteContent,
  type StagedContent,
  settleContent,
  stageStream,
  uploadContent,
} from './contents';
import { insertDocument, setCurrentVersion } from './documents.repository';
import { folderFull, nameTaken } from './files.errors';
import { presentDocument } from './files.presenter';
import {
  countDocumentsIn,
  documentNamesIn,
  documentsByIds,
  documentsNamed,
  lockFolders,
} from './files.repository';
import { takeFreeName } from './numbered-name';

/** JSON form: a finished tus upload becomes a document. */
export async function uploadDocumentFromUpload(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: z.output<typeof createDocumentRequest>,
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  const folderId = input.folderId ?? matter.rootFolderId;
  const keepBoth = input.ifNameTaken === 'keepBoth';
  await precheck(deps, matter, folderId, 1);
  const upload = await claimUpload(deps.db, actor, input.uploadId);
  const item = uploadContent(upload, input.name);
  if (nameTooLong(item.name)) throw invalidName();
  // Refused for its name, the upload stays unused: the caller may add it as a version instead.
  if (!keepBoth) await refuseTakenNames(deps.db, folderId, [item.name]);
  return commitDocuments(deps, actor, matter, folderId, [item], meta, { keepBoth });
}

/**
 * Multipart form: optional `folderId` field, then file parts, each streamed into the blob store as it
 * arrives. The folder's limit and names are checked before each file is stored, and again, with the
 * folder locked, when the documents are written.
 */
export async function uploadDocumentsFromParts(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  parts: AsyncIterable<FormPart>,
  meta: RequestMeta,
) {
  const matter = await requireVisibleMatter(deps.db, actor, matterId);
  let folderId = matter.rootFolderId;
  const items: StagedContent[] = [];
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.name !== 'folderId') throw badPart(`unknown field "${part.name}"`);
        if (items.length > 0) throw badPart('send the folderId field before the files');
        folderId = part.value;
        continue;
      }
      const item = await stagePart(deps, matter, folderId, part, items);
      items.push(item);
    }
  } catch (error) {
    await settleContent(deps, items, { committed: false });
    throw error;
  }
  if (items.length === 0) throw badPart('no file part was sent');
  return commitDocuments(deps, actor, matter, folderId, items, meta);
}

async function stagePart(
  deps: Deps,
  matter: MatterRow,
  folderId: string,
  part: Extract<FormPart, { type: 'file' }>,
  earlier: StagedContent[],
): Promise<StagedContent> {
  const name = cleanUploadName(part.filename);
  if (nameTooLong(name)) throw invalidName();
  if (earlier.some((e) => e.name === name)) throw nameTaken([name]);
  await precheck(deps, matter, folderId, earlier.length + 1, [name]);
  const staged = await stageStream(deps, part.content, deps.config.LIMIT_FILE_BYTES);
  if (part.truncated()) {
    await settleContent(deps, [{ ...staged, name, contentType: '' }], { committed: false });
    throw new AppError('file_too_large', `A file may be at most ${deps.config.LIMIT_FILE_BYTES} bytes.`);
  }
  return { ...staged, name, contentType: cleanContentType(part.mimetype) };
}

/** Early refusal, before any byte is stored (re-checked under lock in `commitDocuments`). */
async function precheck(
  deps: Deps,
  matter: MatterRow,
  folderId: string,
  adding: number,
  names: string[] = [],
) {
  const folder = (await lockFolders(deps.db, [folderId])).get(folderId);
  if (!folder || folder.matterId !== matter.id) throw notFound('Folder');
  const limit = deps.config.LIMIT_FILES_PER_FOLDER;
  if ((await countDocumentsIn(deps.db, folderId)) + adding > limit) throw folderFull(limit);
  await refuseTakenNames(deps.db, folderId, names);
}

async function refuseTakenNames(db: Queryable, folderId: string, names: string[]) {
  const taken = await documentsNamed(db, folderId, names);
  if (taken.length > 0) throw nameTaken([...new Set(taken.map((d) => d.name))], taken);
}

async function commitDocuments(
  deps: Deps,
  actor: StaffActor,
  matter: MatterRow,
  folderId: string,
  items: StagedContent[],
  meta: RequestMeta,
  options: { keepBoth?: boolean } = {},
) {
  let ids: string[];
  let duplicates: (string | undefined)[] = [];
  try {
    await promoteContent(deps, items);
    ids = await deps.db.transaction(async (tx) => {
      // The folder row stays locked until commit: two concurrent uploads cannot both squeeze in.
      const folder = (await lockFolders(tx, [folderId])).get(folderId);
      if (!folder || folder.matterId !== matter.id) throw notFound('Folder');
      const limit = deps.config.LIMIT_FILES_PER_FOLDER;
      if ((await countDocumentsIn(tx, folderId)) + items.length > limit) throw folderFull(limit);
      if (options.keepBoth) {
        // "Keep both": a taken name becomes "name (2).ext", decided with the folder locked.
        const taken = await documentNamesIn(tx, folderId);
        for (const item of items) item.name = takeFreeName(taken, item.name);
      } else {
        await refuseTakenNames(
          tx,
          folderId,
          items.map((i) => i.name),
        );
      }
      const created: string[] = [];
      for (const item of items) {
        if (item.uploadId) await claimUpload(tx, actor, item.uploadId);
        const doc = await insertDocument(tx, {
          firmId: matter.firmId,
          matterId: matter.id,
          folderId,
          name: item.name,
        });
        const { version, duplicateOf } = await insertVersion(tx, actor, matter.firmId, doc.id, 1, item);
        duplicates.push(duplicateOf);
        await setCurrentVersion(tx, doc.id, version.id);
        created.push(doc.id);
      }
      for (const [i, item] of items.entries()) {
        await appendAudit(tx, {
          firmId: matter.firmId,
          actor,
          action: 'document.upload',
          targetType: 'document',
          targetId: created[i]!,
          matterId: matter.id,
          meta,
          data: { name: item.name, folderId, size: item.size, sha256: item.sha256, uploadId: item.uploadId },
        });
      }
      return created;
    });
  } catch (error) {
    duplicates = [];
    await settleContent(deps, items, { committed: false });
    throw error;
  }
  await settleContent(deps, items, { committed: true, duplicates });
  await deps.afterFilesChange({ matterId: matter.id, folderIds: [folderId] });
  const rows = await documentsByIds(deps.db, ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { items: rows.map(presentDocument) };
}

const badPart = (message: string) => new AppError('invalid_request', `The upload is not valid: ${message}.`);
const invalidName = () =>
  new AppError('invalid_request', 'A file name must be at most 255 bytes long.', [
    { field: 'name', message: 'must be at most 255 bytes in UTF-8' },
  ]);
