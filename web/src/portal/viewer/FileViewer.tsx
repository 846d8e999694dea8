import { lazy, type ReactNode, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../ui/api';
import { FileIcon } from '../../ui/icons';
import { Spinner } from '../../ui/widgets';
import { portalErrorMessage } from '../i18n/errors';
import { fileTypeInWords } from '../i18n/file-types';
import { usePortalFormat } from '../i18n/PortalI18n';
import { StepUp } from '../StepUp';
import { ImageBody, MediaBody, TextBody } from './viewer-bodies';
import { fetchContent, type ViewerFile, type ViewerFileState, viewKind } from './viewer-file';
import './viewer.css';

// pdf.js is loaded only when a PDF is opened: it never weighs on the portal's first load.
const PdfView = lazy(() => import('./PdfView'));

/**
 * The in-portal viewer, a full-window modal layer over the page the client came from (which stays
 * as it was behind it): the file's name, type in words and size, a Download that keeps its name,
 * and the file itself (PDF page by page with zoom, image, text, audio, video) or, for anything
 * else, what it is and the Download. Back, and Escape, return where the client was; the focus goes
 * back to what opened it.
 */
export function FileViewer(props: {
  state: ViewerFileState;
  contentUrl: string;
  onBack: () => void;
  onRetry: () => void;
  /** After a step-up passed here (the page behind may show the message unlocked now). */
  onUnlocked?: () => void;
}) {
  const { t } = useTranslation();
  const format = usePortalFormat();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { state, onBack } = props;
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.showModal();
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);
  const file = state.status === 'ready' ? state.file : undefined;
  return (
    <dialog
      ref={ref}
      className="viewer"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      <div className="viewer-bar">
        <button type="button" className="secondary viewer-back" onClick={onBack}>
          {t('common.back')}
        </button>
        <h2 id={titleId} className="viewer-title">
          {file?.name ?? t(state.status === 'locked' ? 'viewer.protectedFile' : 'viewer.file')}
        </h2>
      </div>
      {file && (
        <div className="viewer-meta">
          <span>
            {t('viewer.meta', { type: fileTypeInWords(t, file.contentType), size: format.bytes(file.size) })}
          </span>
          {viewKind(file.contentType) !== 'other' && (
            <a className="button secondary" href={props.contentUrl} download={file.name}>
              {t('viewer.download')}
              <span className="visually-hidden"> {file.name}</span>
            </a>
          )}
        </div>
      )}
      <div className="viewer-body">
        {state.status === 'loading' && <Spinner label={t('viewer.opening')} />}
        {state.status === 'missing' && <Notice>{t('viewer.missing')}</Notice>}
        {state.status === 'error' && <Failed message={state.message} onRetry={props.onRetry} />}
        {state.status === 'locked' && (
          <StepUp
            onVerified={() => {
              props.onUnlocked?.();
              props.onRetry();
            }}
          />
        )}
        {file && <FileBody file={file} contentUrl={props.contentUrl} onUnlocked={props.onUnlocked} />}
      </div>
    </dialog>
  );
}

function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="viewer-notice" role="alert">
      {children}
    </p>
  );
}

function Failed({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="viewer-notice">
      <p className="error" role="alert">
        {t('viewer.failed', { error: message })}
      </p>
      <button type="button" onClick={onRetry}>
        {t('common.tryAgain')}
      </button>
    </div>
  );
}

/** The bytes a body needs, read by the page: a refusal is shown in words (or as the step-up). */
function useBytes(contentUrl: string, want: 'pdf' | 'image' | null) {
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'ready'; data: Blob } | { status: 'failed'; error: unknown }
  >({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks again (Try again, after a step-up)
  useEffect(() => {
    if (!want) return;
    const abort = new AbortController();
    setState({ status: 'loading' });
    fetchContent(contentUrl, { signal: abort.signal })
      .then((res) => res.blob())
      .then(
        (data) => setState({ status: 'ready', data }),
        (error: unknown) => {
          if (!abort.signal.aborted) setState({ status: 'failed', error });
        },
      );
    return () => abort.abort();
  }, [contentUrl, want, attempt]);
  return { state, retry: () => setAttempt((n) => n + 1) };
}

function FileBody({
  file,
  contentUrl,
  onUnlocked,
}: {
  file: ViewerFile;
  contentUrl: string;
  onUnlocked: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const kind = viewKind(file.contentType);
  const bytes = useBytes(contentUrl, kind === 'pdf' || kind === 'image' ? kind : null);
  const [refused, setRefused] = useState<unknown>();
  const failure = bytes.state.status === 'failed' ? bytes.state.error : refused;
  if (failure) {
    const retry = () => {
      setRefused(undefined);
      bytes.retry();
    };
    if (failure instanceof ApiError && failure.code === 'mfa_required')
      return (
        <StepUp
          onVerified={() => {
            onUnlocked?.();
            retry();
          }}
        />
      );
    if (failure instanceof ApiError && failure.status === 404) return <Notice>{t('viewer.missing')}</Notice>;
    return <Failed message={portalErrorMessage(failure)} onRetry={retry} />;
  }
  if (kind === 'text') return <TextBody file={file} contentUrl={contentUrl} onRefused={setRefused} />;
  if (kind === 'audio' || kind === 'video')
    return <MediaBody kind={kind} file={file} contentUrl={contentUrl} onRefused={setRefused} />;
  if (kind === 'other') return <OtherBody file={file} contentUrl={contentUrl} />;
  if (bytes.state.status !== 'ready') return <Spinner label={t('viewer.openingName', { name: file.name })} />;
  if (kind === 'image') return <ImageBody file={file} data={bytes.state.data} />;
  return (
    <Suspense fallback={<Spinner label={t('viewer.openingName', { name: file.name })} />}>
      <PdfView data={bytes.state.data} name={file.name} />
    </Suspense>
  );
}

/** A file the portal cannot show: what it is, in words, and a Download that keeps its name. */
function OtherBody({ file, contentUrl }: { file: ViewerFile; contentUrl: string }) {
  const { t } = useTranslation();
  const format = usePortalFormat();
  return (
    <div className="viewer-other card">
      <FileIcon />
      <p className="viewer-other-name">{file.name}</p>
      <dl>
        <dt>{t('viewer.type')}</dt>
        <dd>{fileTypeInWords(t, file.contentType)}</dd>
        <dt>{t('viewer.size')}</dt>
        <dd>{format.bytes(file.size)}</dd>
      </dl>
      <p>{t('viewer.cannotShow')}</p>
      <a className="button" href={contentUrl} download={file.name}>
        {t('viewer.download')}
        <span className="visually-hidden"> {file.name}</span>
      </a>
    </div>
  );
}
