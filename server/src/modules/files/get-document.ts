import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import type { StaffActor } from '../access/actor';
import { presentDocumentDetail } from './files.presenter';
import { documentsByIds, findVisibleDocument, listVersions } from './files.repository';

export async function getDocument(deps: Deps, actor: StaffActor, documentId: string) {
  if (!(await findVisibleDocument(deps.db, actor, documentId))) throw notFound('Document');
  const [[row], versions] = await Promise.all([
    documentsByIds(deps.db, [documentId]),
    listVersions(deps.db, documentId),
  ]);
  if (!row) throw notFound('Document');
  return presentDocumentDetail(row, versions);
}
