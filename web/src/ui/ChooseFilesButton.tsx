import { type ReactNode, useRef } from 'react';

/**
 * A button that opens the device's file chooser (several files at once); `label` names the input.
 * `accept` and `capture` (e.g. `image/*` and `environment`) make it the phone's camera instead.
 */
export function ChooseFilesButton(props: {
  children: ReactNode;
  label: string;
  onFiles: (files: File[]) => void;
  accept?: string;
  capture?: 'environment' | 'user';
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="secondary" onClick={() => input.current?.click()}>
        {props.children}
      </button>
      <input
        ref={input}
        type="file"
        multiple={!props.capture}
        hidden
        // Marked as the page's hidden inputs are, so that a check of touch targets passes over it.
        className="visually-hidden"
        aria-label={props.label}
        {...(props.accept ? { accept: props.accept } : {})}
        {...(props.capture ? { capture: props.capture } : {})}
        onChange={(e) => {
          if (e.target.files?.length) props.onFiles([...e.target.files]);
          e.target.value = '';
        }}
      />
    </>
  );
}
