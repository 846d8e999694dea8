import { type ReactNode, useRef } from 'react';

/** A button that opens the computer's file chooser (several files at once); `label` names the input. */
export function ChooseFilesButton(props: {
  children: ReactNode;
  label: string;
  onFiles: (files: File[]) => void;
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
        multiple
        hidden
        aria-label={props.label}
        onChange={(e) => {
          if (e.target.files?.length) props.onFiles([...e.target.files]);
          e.target.value = '';
        }}
      />
    </>
  );
}
