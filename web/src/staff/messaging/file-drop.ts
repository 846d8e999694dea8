import { type RefObject, useEffect, useRef, useState } from 'react';

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Files dropped on `area` go to `onFiles`; `dragging` is true while files are held over it (to show
 * it as the drop target). While it is on, a drop beside it is refused instead of the browser opening
 * the file in place of the app.
 */
export function useFileDrop(
  area: RefObject<HTMLElement | null>,
  on: boolean,
  onFiles: (files: File[]) => void,
): boolean {
  const [dragging, setDragging] = useState(false);
  const latest = useRef(onFiles);
  latest.current = onFiles;
  useEffect(() => {
    const el = area.current;
    if (!on || !el) return;
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      latest.current([...e.dataTransfer.files]);
    };
    // Beside the area (unless another drop target took it): no drop, and no page replaced by the file.
    const refuse = (e: DragEvent) => {
      if (!hasFiles(e) || e.defaultPrevented || !e.dataTransfer) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'none';
    };
    el.addEventListener('dragenter', enter);
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      el.removeEventListener('dragenter', enter);
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
      setDragging(false);
    };
  }, [area, on]);
  return dragging;
}
