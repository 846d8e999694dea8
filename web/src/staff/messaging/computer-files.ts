import { type ClipboardEvent, type RefObject, useState } from 'react';
import { errorMessage } from '../../ui/api';
import { useFileDrop } from '../../ui/file-drop';
import { folderAtRoot, SENT_FILES_FOLDER, useMatterUpload } from '../files/matter-upload';
import { useUploadTray } from '../files/Uploads';
import type { Picked } from './FilePicker';

/**
 * The composer's files from the computer (its button, a drop, a paste): each goes through the app's
 * upload tray into the folder chosen (`folder`), by default the matter's top-level "Sent files"
 * (made when missing), and becomes an attachment (`onAttach`) once it is a document. A name the
 * folder holds is kept as "name (2).ext". `keys` are the uploads still shown as chips; while any runs
 * or failed, `pending` holds Send back (a failure is retried or removed).
 */
export function useComputerFiles(
  matterId: string | null,
  onAttach: (file: Picked) => void,
  /** Where files can be dropped: the composer, or the whole thread around it. */
  dropArea: RefObject<HTMLElement | null>,
) {
  const uploadIntoMatter = useMatterUpload();
  const tray = useUploadTray();
  const [folder, setFolder] = useState<{ id: string; name: string }>();
  const [keys, setKeys] = useState<string[]>([]);
  const [finding, setFinding] = useState(0);
  const [error, setError] = useState<string>();
  const open = tray.uploads.filter((u) => keys.includes(u.key) && !u.done);
  const failed = open.filter((u) => u.error).length;

  async function add(files: File[]) {
    if (!matterId || files.length === 0) return;
    setError(undefined);
    setFinding((n) => n + 1);
    try {
      const folderId = folder?.id ?? (await folderAtRoot(matterId));
      const started = uploadIntoMatter(files, { matterId, folderId, keepBoth: true }, (d, key) => {
        onAttach({ kind: 'document', id: d.id, name: d.name });
        setKeys((list) => list.filter((k) => k !== key));
      });
      setKeys((list) => [...list, ...started]);
    } catch (err) {
      setError(
        `Could not find or make the “${folder?.name ?? SENT_FILES_FOLDER}” folder: ${errorMessage(err)}`,
      );
    } finally {
      setFinding((n) => n - 1);
    }
  }

  const dragging = useFileDrop(dropArea, matterId !== null, (files) => void add(files));

  /** On the message box: pasted files (a screenshot) are attached; pasted text stays text. */
  function onPaste(e: ClipboardEvent) {
    const files = [...e.clipboardData.files];
    if (!matterId || files.length === 0) return;
    e.preventDefault();
    void add(files.map(namePasted));
  }

  return {
    add,
    keys,
    folderName: folder?.name ?? SENT_FILES_FOLDER,
    setFolder,
    /** Files not yet attached: running, failed, or the folder still being found. */
    pending: open.length + finding,
    failed,
    error,
    /** Files are held over the drop area: show where they go. */
    dragging,
    onPaste,
    /** × on an upload's chip: stops it if it runs and forgets it. */
    remove(key: string) {
      tray.withdraw(key);
      setKeys((list) => list.filter((k) => k !== key));
    },
  };
}

/** A pasted screenshot comes as "image.png": named by the moment instead, so two never collide. */
function namePasted(file: File): File {
  if (file.name && file.name !== 'image.png') return file;
  const at = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}.${pad(at.getMinutes())}.${pad(at.getSeconds())}`;
  const ext = file.type.startsWith('image/') ? `.${file.type.slice(6).replace('jpeg', 'jpg')}` : '';
  return new File([file], `Pasted image ${stamp}${ext}`, { type: file.type });
}
