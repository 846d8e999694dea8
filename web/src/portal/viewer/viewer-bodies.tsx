import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../ui/widgets';
import { usePortalFormat } from '../i18n/PortalI18n';
import { fetchContent, type ViewerFile } from './viewer-file';

/** An image, from the bytes the page read; it fits the width. */
export function ImageBody({ file, data }: { file: ViewerFile; data: Blob }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(data);
    setSrc(url);
    return () => URL.revokeObjectURL(url);
  }, [data]);
  if (!src) return null;
  return (
    <figure className="viewer-image">
      <img src={src} alt={file.name} />
    </figure>
  );
}

/** At most this much of a text file is shown (the rest by Download). */
const TEXT_SHOWN = 1024 * 1024;

/** A plain-text file as text (its first megabyte), wrapped to the width. */
export function TextBody({
  file,
  contentUrl,
  onRefused,
}: {
  file: ViewerFile;
  contentUrl: string;
  onRefused: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const format = usePortalFormat();
  const [text, setText] = useState<string>();
  useEffect(() => {
    const abort = new AbortController();
    setText(undefined);
    fetchContent(contentUrl, { signal: abort.signal, headers: { range: `bytes=0-${TEXT_SHOWN - 1}` } })
      .then((res) => res.arrayBuffer())
      .then(
        (bytes) => setText(new TextDecoder('utf-8').decode(bytes)),
        (error: unknown) => {
          if (!abort.signal.aborted) onRefused(error);
        },
      );
    return () => abort.abort();
  }, [contentUrl, onRefused]);
  if (text === undefined) return <Spinner label={t('viewer.openingName', { name: file.name })} />;
  return (
    <>
      {file.size > TEXT_SHOWN && (
        <p className="muted">
          {t('viewer.textPart', { shown: format.bytes(TEXT_SHOWN), size: format.bytes(file.size) })}
        </p>
      )}
      <section
        className="viewer-text-frame"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a long text scrolls by keyboard too
        tabIndex={0}
        aria-label={t('viewer.textOf', { name: file.name })}
      >
        <pre className="viewer-text">{text}</pre>
      </section>
    </>
  );
}

/**
 * Audio or video, streamed by the browser from the content route (Range requests, the session
 * cookie). If it cannot play, the route is asked why (a step-up, a removed share) and that is shown.
 */
export function MediaBody({
  kind,
  file,
  contentUrl,
  onRefused,
}: {
  kind: 'audio' | 'video';
  file: ViewerFile;
  contentUrl: string;
  onRefused: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [unplayable, setUnplayable] = useState(false);
  const failed = () => {
    fetchContent(contentUrl, { headers: { range: 'bytes=0-0' } }).then(() => setUnplayable(true), onRefused);
  };
  if (unplayable) return <p className="viewer-notice">{t('viewer.cannotPlay', { name: file.name })}</p>;
  // <video> or <audio>, the same attributes (no captions: the firm's own recordings come without them)
  const Media = kind;
  return (
    <Media
      className="viewer-media"
      controls
      preload="metadata"
      src={contentUrl}
      onError={failed}
      aria-label={file.name}
    />
  );
}
