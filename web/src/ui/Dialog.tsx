import { type ReactNode, useEffect, useRef } from 'react';

/** A modal dialog on the native <dialog> element: focus is trapped, Escape closes it. */
export function Dialog(props: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      aria-label={props.title}
      onClose={props.onClose}
      className={props.wide ? 'dialog wide' : 'dialog'}
    >
      {props.open && (
        <>
          <div className="dialog-head">
            <h2>{props.title}</h2>
            <button type="button" className="secondary" aria-label="Close" onClick={props.onClose}>
              ×
            </button>
          </div>
          {props.children}
        </>
      )}
    </dialog>
  );
}

/** A dialog's buttons: its own (the main one first), then Cancel. */
export function DialogButtons({ children, onCancel }: { children: ReactNode; onCancel: () => void }) {
  return (
    <div className="toolbar">
      {children}
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
