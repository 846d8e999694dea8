import { LOGO_MAX_BYTES } from '@parley/contracts/brand';
import { useId, useRef, useState } from 'react';
import { api, apiForm, errorMessage } from '../../ui/api';
import { formatBytes } from '../../ui/format';
import { ErrorNote } from '../../ui/widgets';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * The firm's logo: shown as it is, replaced by a PNG, JPEG or WebP of at most 1 MB (checked here
 * first so a wrong file is refused before it is sent; the server checks the bytes), or removed.
 */
export function LogoField(props: { firmName: string; logoUrl: string | null; onChange: () => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function run(request: () => Promise<unknown>) {
    setError(undefined);
    setBusy(true);
    try {
      await request();
      props.onChange();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  function choose(file: File | undefined) {
    if (!file) return;
    if (!TYPES.includes(file.type)) {
      setError(`${file.name} is not a PNG, JPEG or WebP image. Save the logo in one of those and try again.`);
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      setError(
        `${file.name} is ${formatBytes(file.size)}; a logo may be at most ${formatBytes(LOGO_MAX_BYTES)}. Make it smaller and try again.`,
      );
      return;
    }
    const form = new FormData();
    form.append('file', file);
    void run(() => apiForm('PUT /firm/logo', form));
  }

  return (
    <fieldset className="field plain">
      <legend className="label">Logo</legend>
      <div className="logo-field">
        {props.logoUrl ? (
          <img src={props.logoUrl} alt={`${props.firmName} logo`} className="logo-preview" />
        ) : (
          <span className="muted">No logo: the name is shown instead.</span>
        )}
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-describedby={`${id}-hint`}
          onClick={() => input.current?.click()}
        >
          {props.logoUrl ? 'Replace logo' : 'Upload logo'}
        </button>
        <input
          ref={input}
          type="file"
          hidden
          aria-label="Logo file"
          accept={TYPES.join(',')}
          onChange={(e) => choose(e.target.files?.[0])}
        />
        {props.logoUrl && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void run(() => api('DELETE /firm/logo'))}
          >
            Remove logo
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="muted">
        PNG, JPEG or WebP, at most {formatBytes(LOGO_MAX_BYTES)}. It appears in the top bar, the client portal
        and emails.
      </p>
      {busy && (
        <p className="muted" role="status">
          Uploading…
        </p>
      )}
      <ErrorNote message={error} />
    </fieldset>
  );
}
