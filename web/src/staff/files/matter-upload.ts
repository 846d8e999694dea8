import { ApiError, api } from '../../ui/api';
import type { DocumentSummary, NameTakenDetails } from '../../ui/api-types';
import { formatBytes } from '../../ui/format';
import { uploadFile } from '../../ui/upload';
import { useStaffSession } from '../session';
import { UploadQuestion, useUploadTray } from './Uploads';

interface UploadInto {
  matterId: string;
  folderId: string | undefined;
  askOnNameTaken?: boolean;
  keepBoth?: boolean;
}

/** The folder the composer puts files from the computer into unless the user picks another. */
export const SENT_FILES_FOLDER = 'Sent files';

/**
 * THE way the staff app uploads files from the computer into a matter's All Files (All Files itself,
 * Send / Share's extra files, the composer's attachments): each file through the one upload tray
 * (progress, Cancel, Retry, failures in words), a file over `GET /me`'s `limits.fileBytes` refused
 * before a byte is sent. `onUploaded` gets each document made (with its file's tray key), as it is
 * made. Returns each file's tray key (so a caller can show it and withdraw it; a refused file's row
 * holds its reason). A name the folder already holds fails, unless `askOnNameTaken` (All Files) asks
 * in the tray instead (`addUploaded`) or `keepBoth` (the composer) stores "name (2).ext".
 */
export function useMatterUpload() {
  const tray = useUploadTray();
  const { me } = useStaffSession();
  return function uploadIntoMatter(
    files: FileList | File[],
    into: UploadInto,
    onUploaded?: (document: DocumentSummary, key: string) => void,
  ): string[] {
    const limit = me?.limits.fileBytes;
    return Array.from(files).map((file) => {
      if (limit !== undefined && file.size > limit) {
        return tray.refuse(file.name, file.size, `Over the ${formatBytes(limit)} limit for one file.`);
      }
      let made: DocumentSummary[] = [];
      const key = tray.track(
        file.name,
        file.size,
        async (onProgress, signal) => {
          const uploadId = await uploadFile(file, (p) => onProgress(p.sent, p.total), signal);
          await addUploaded(into, file.name, uploadId, (items) => {
            made = items;
          });
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

/**
 * The uploaded file becomes a document of the folder. When the folder already holds that name and
 * `askOnNameTaken` is set, the tray asks (the bytes stay uploaded, nothing is lost): "Add as new
 * version" of that document, or "Keep both" (the server names this one "name (2).ext").
 */
async function addUploaded(
  into: UploadInto,
  name: string,
  uploadId: string,
  onMade: (documents: DocumentSummary[]) => void,
) {
  const create = async (ifNameTaken: 'refuse' | 'keepBoth') =>
    onMade(
      (
        await api('POST /matters/:id/documents', {
          params: { id: into.matterId },
          body: { uploadId, folderId: into.folderId, name, ifNameTaken },
        })
      ).items,
    );
  try {
    await create(into.keepBoth ? 'keepBoth' : 'refuse');
  } catch (err) {
    if (!(into.askOnNameTaken && err instanceof ApiError && err.code === 'name_taken')) throw err;
    // The server's answer (`nameTakenDetails`), typed by the contract; zod itself stays out of the bundle.
    const existing = (err.details as NameTakenDetails | undefined)?.documents?.[0];
    const newVersion = async (id: string) => {
      await api('POST /documents/:id/versions', { params: { id }, body: { uploadId } });
      onMade([await api('GET /documents/:id', { params: { id } })]);
    };
    throw new UploadQuestion(`This folder already has a file named “${name}”.`, [
      ...(existing ? [{ label: 'Add as new version', run: () => newVersion(existing.id) }] : []),
      { label: 'Keep both', run: () => create('keepBoth') },
    ]);
  }
}
