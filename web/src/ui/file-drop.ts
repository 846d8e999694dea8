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
    const listeners: [EventTarget, string, (e: DragEvent) => void][] = [
      [el, 'dragenter', enter],
      [el, 'dragover', over],
      [el, 'dragleave', leave],
      [el, 'drop', drop],
      [window, 'dragover', refuse],
      [window, 'drop', refuse],
    ];
    for (const [target, type, listener] of listeners)
      target.addEventListener(type, listener as EventListener);
    return () => {
      for (const [target, type, listener] of listeners)
        target.removeEventListener(type, listener as EventListener);
      setDragging(false);
    };
  }, [area, on]);
  return dragging;
}
