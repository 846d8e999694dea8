import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../ui/api';
import type { PortalMessage } from '../ui/api-types';
import { ChooseFilesButton } from '../ui/ChooseFilesButton';
import { useDraft } from '../ui/draft';
import { useFileDrop } from '../ui/file-drop';
import { ErrorNote } from '../ui/widgets';
import { portalErrorMessage } from './i18n/errors';
import { ReplyFiles } from './ReplyFiles';
import { useReplyUploads } from './reply-uploads';
import './reply.css';

const sessionEnded = (err: unknown) => err instanceof ApiError && err.status === 401;

/**
 * The portal's reply box: a text kept as a draft per conversation (a reload or an ended session
 * loses nothing), and files that upload as soon as they are picked, dropped (on the whole
 * conversation) or photographed; Send waits for them and posts once with one clientMessageId.
 */
export function PortalReply({
  conversationId,
  onSent,
}: {
  conversationId: string;
  onSent: (m: PortalMessage) => void;
}) {
  const [body, setBody] = useDraft(conversationId);
  const uploads = useReplyUploads();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'waiting' | 'sending'>();
  const clientMessageId = useRef(crypto.randomUUID());
  const form = useRef<HTMLFormElement>(null);
  const dropArea = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    // The conversation around the box takes files, not only the box.
    dropArea.current = form.current?.closest('section') ?? form.current;
  }, []);
  const dragging = useFileDrop(dropArea, true, uploads.add);
  const { t } = useTranslation();

  const failedUpload = uploads.files.find((f) => f.status === 'failed' && sessionEnded(f.error));
  const shownError = error ?? (failedUpload ? t('reply.sessionEnded') : undefined);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!body.trim() && uploads.files.length === 0) return;
    setError(undefined);
    setBusy('waiting');
    try {
      const files = await uploads.settled();
      const uploadIds = files.flatMap((f) => (f.uploadId ? [f.uploadId] : []));
      if (uploadIds.length < files.length) {
        setError(
          files.some((f) => f.status === 'failed' && sessionEnded(f.error))
            ? t('reply.sessionEnded')
            : t('reply.fixFiles'),
        );
        return;
      }
      setBusy('sending');
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
      uploads.clear();
      onSent(message);
    } catch (err) {
      setError(sessionEnded(err) ? t('reply.sessionEnded') : portalErrorMessage(err));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <form
      ref={form}
      className={`card composer portal-reply${dragging ? ' drop-over' : ''}`}
      onSubmit={send}
      aria-label={t('reply.region')}
    >
      {dragging && (
        <p className="drop-hint" aria-hidden="true">
          {t('reply.dropHere')}
        </p>
      )}
      <div className="field">
        <label htmlFor="reply-body">{t('reply.label')}</label>
        <textarea
          id="reply-body"
          value={body}
          maxLength={MESSAGE_BODY_MAX}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <ReplyFiles
        files={uploads.files}
        onRemove={uploads.remove}
        onCancel={uploads.cancel}
        onRetry={uploads.retry}
      />
      <div className="toolbar">
        <ChooseFilesButton
          label={t('reply.takePhoto')}
          accept="image/*"
          capture="environment"
          onFiles={uploads.add}
        >
          {t('reply.takePhoto')}
        </ChooseFilesButton>
        <ChooseFilesButton label={t('reply.chooseFiles')} onFiles={uploads.add}>
          {t('reply.chooseFiles')}
        </ChooseFilesButton>
        <span className="spacer" />
        <button type="submit" disabled={busy !== undefined}>
          {busy === 'waiting'
            ? t('reply.waiting')
            : busy === 'sending'
              ? t('reply.sending')
              : t('reply.send')}
        </button>
      </div>
      <ErrorNote message={shownError} />
    </form>
  );
}
