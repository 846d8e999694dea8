import { type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';

/** A modal dialog on the native <dialog> element: focus is trapped, Escape closes it. */
export function Dialog(props: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Taken off the page while open (its owner closed it by state, e.g. Cancel or Done): closed first,
  // so the browser gives the focus back to what opened it, as after Escape.
  // Its late close event is not the user's: onClose is not called for it (it may be Back).
  const gone = useRef(false);
  useLayoutEffect(() => {
    const d = ref.current;
    gone.current = false;
    return () => {
      gone.current = true;
      if (d?.open) d.close();
    };
  }, []);
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
      onClose={() => {
        if (!gone.current) props.onClose();
      }}
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
