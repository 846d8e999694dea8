import type { Deps, FilesChange } from '../../deps';
import { sharesReaching } from './sharing.repository';

/**
 * `deps.afterFilesChange`: after a change to All Files commits (new version, upload, move, rename, delete): tell the
 * recipients of every active share that reaches the changed documents or folders (`share.updated`,
 * ids only; the realtime relay checks access per socket). One query; the portal polls as a fallback,
 * so a failure here is logged, never thrown at the caller whose change already committed.
 */
export async function publishShareUpdates(deps: Deps, change: FilesChange): Promise<void> {
  try {
    const rows = await sharesReaching(deps.db, change.matterId, change);
    for (const row of rows) {
      await deps.realtime.publish({
        type: 'share.updated',
        conversationId: row.conversation_id,
        shareId: row.id,
      });
    }
  } catch (error) {
    deps.log.warn({ err: error }, 'share.updated not published');
  }
}
