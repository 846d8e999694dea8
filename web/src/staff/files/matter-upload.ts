import { ApiError, api } from '../../ui/api';
import type { DocumentSummary } from '../../ui/api-types';
import { formatBytes } from '../../ui/format';
import { uploadFile } from '../../ui/upload';
import { useStaffSession } from '../session';
import { useUploadTray } from './Uploads';

/** The folder the composer puts files from the computer into unless the user picks another. */
export const SENT_FILES_FOLDER = 'Sent files';

/**
 * THE way the staff app uploads files from the computer into a matter's All Files (All Files itself,
 * Send / Share's extra files, the composer's attachments): each file through the one upload tray
 * (progress, Cancel, Retry, failures in words), a file over `GET /me`'s `limits.fileBytes` refused
 * before a byte is sent. `onUploaded` gets each document made (with its file's tray key), as it is made. Returns the tray key
 * of each file that started (so a caller can withdraw it), `undefined` for a refused one.
 */
export function useMatterUpload() {
  const tray = useUploadTray();
  const { me } = useStaffSession();
  return function uploadIntoMatter(
    files: FileList | File[],
    into: { matterId: string; folderId: string | undefined },
    onUploaded?: (document: DocumentSummary, key: string) => void,
  ): (string | undefined)[] {
    const limit = me?.limits.fileBytes;
    return Array.from(files).map((file) => {
      if (limit !== undefined && file.size > limit) {
        tray.refuse(file.name, file.size, `Over the ${formatBytes(limit)} limit for one file.`);
        return undefined;
      }
      let made: DocumentSummary[] = [];
      const key = tray.track(
        file.name,
        file.size,
        async (onProgress, signal) => {
          const uploadId = await uploadFile(file, (p) => onProgress(p.sent, p.total), signal);
          const answer = await api('POST /matters/:id/documents', {
            params: { id: into.matterId },
            body: { uploadId, folderId: into.folderId, name: file.name },
          });
          made = answer.items;
        },
        () => {
          for (const document of made) onUploaded?.(document, key);
        },
      );
      return key;
    });
  };
}

/**
 * The matter's top-level folder named `name` (default "Sent files"), created when missing; when
 * someone else creates it at the same moment (409 `name_taken`), theirs is used.
 */
export async function folderAtRoot(matterId: string, name = SENT_FILES_FOLDER): Promise<string> {
  const find = async () =>
    (await api('GET /matters/:id/files', { params: { id: matterId } })).folders.find((f) => f.name === name)
      ?.id;
  const found = await find();
  if (found) return found;
  try {
    return (await api('POST /matters/:id/folders', { params: { id: matterId }, body: { name } })).id;
  } catch (err) {
    const again = err instanceof ApiError && err.code === 'name_taken' ? await find() : undefined;
    if (again) return again;
    throw err;
  }
}
