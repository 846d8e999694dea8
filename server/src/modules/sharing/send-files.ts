import type { sendFilesRequest, shareFilesRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { sendMatterMessage } from '../messaging/send-matter-message';

type SendInput = z.output<typeof sendFilesRequest>;
type ShareInput = z.output<typeof shareFilesRequest>;

/**
 * All Files → Send → Client Portal (`POST /matters/:id/send`): fixed copies (attachments of the
 * current versions), posted in the matter's external conversation with exactly these parties (and
 * the caller), created if there is none. Limits, visibility and the one-statement write are
 * `sendMatterMessage`'s.
 */
export async function sendFiles(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: SendInput,
  meta: RequestMeta,
) {
  const attachments = [...new Set(input.documentIds)].map((documentId) => ({ documentId }));
  const { created: _created, ...result } = await sendMatterMessage(
    deps,
    actor,
    matterId,
    { ...input.message, partyIds: input.partyIds, attachments },
    meta,
  );
  return result;
}

/** All Files → Share → Client Portal (`POST /matters/:id/share`): live shares, DESIGN.md rule 2. */
export async function shareFiles(
  deps: Deps,
  actor: StaffActor,
  matterId: string,
  input: ShareInput,
  meta: RequestMeta,
) {
  const shares = [
    ...(input.documentIds ?? []).map((documentId) => ({ documentId })),
    ...(input.folderIds ?? []).map((folderId) => ({ folderId })),
  ];
  const { created: _created, ...result } = await sendMatterMessage(
    deps,
    actor,
    matterId,
    { ...input.message, partyIds: input.partyIds, shares },
    meta,
  );
  return result;
}
