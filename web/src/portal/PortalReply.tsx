import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../ui/api';
import type { PortalMessage } from '../ui/api-types';
import { uploadFile } from '../ui/upload';
import { ErrorNote } from '../ui/widgets';
import { portalErrorMessage } from './i18n/errors';
import { usePortalFormat } from './i18n/PortalI18n';
import { readPortalDraft, writePortalDraft } from './quick/quick-storage';

interface PendingFile {
  file: File;
  sent: number;
}

/**
 * The portal's reply box: a text and files (tus uploads), sent once with one clientMessageId. The
 * text is kept per conversation in this browser until it is sent (a reload, another conversation).
 */
export function PortalReply({
  conversationId,
  onSent,
}: {
  conversationId: string;
  onSent: (m: PortalMessage) => void;
}) {
  const [body, setBodyState] = useState(() => readPortalDraft(conversationId));
  const setBody = (text: string) => {
    setBodyState(text);
    writePortalDraft(conversationId, text);
  };
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const clientMessageId = useRef(crypto.randomUUID());
  const { t } = useTranslation();
  const format = usePortalFormat();

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!body.trim() && files.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const uploadIds: string[] = [];
      for (const [i, f] of files.entries()) {
        uploadIds.push(
          await uploadFile(f.file, (p) =>
            setFiles((list) => list.map((x, j) => (j === i ? { ...x, sent: p.sent } : x))),
          ),
        );
      }
      const message = await api('POST /portal/conversations/:id/messages', {
        params: { id: conversationId },
        body: {
          ...(body.trim() ? { body } : {}),
          ...(uploadIds.length ? { uploadIds } : {}),
          clientMessageId: clientMessageId.current,
        },
      });
      clientMessageId.current = crypto.randomUUID();
      setBody('');
      setFiles([]);
      onSent(message);
    } catch (err) {
      setError(portalErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card composer" onSubmit={send} aria-label={t('reply.region')}>
      <div className="field">
        <label htmlFor="reply-body">{t('reply.label')}</label>
        <textarea
          id="reply-body"
          value={body}
          maxLength={MESSAGE_BODY_MAX}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      {files.length > 0 && (
        <ul className="list" aria-label={t('reply.files')}>
          {files.map((f) => (
            <li key={`${f.file.name}-${f.file.size}`}>
              <span className="name">{f.file.name}</span>
              <progress
                value={f.file.size ? f.sent / f.file.size : 1}
                max={1}
                aria-label={t('reply.uploading', { name: f.file.name })}
              />
              <span className="muted">{format.bytes(f.file.size)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <label className="button secondary" style={{ background: '#fff', color: 'var(--brand)' }}>
          {t('reply.addFiles')}
          <input
            type="file"
            multiple
            className="visually-hidden"
            onChange={(e) =>
              setFiles((list) => [
                ...list,
                ...Array.from(e.target.files ?? []).map((file) => ({ file, sent: 0 })),
              ])
            }
          />
        </label>
        <span style={{ flex: 1 }} />
        <button type="submit" disabled={busy}>
          {busy ? t('reply.sending') : t('reply.send')}
        </button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}
