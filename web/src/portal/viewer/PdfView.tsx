import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../ui/widgets';
import { intlLocale } from '../i18n/i18n';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Zoom steps; 1 = the page fits the width (at most READABLE_WIDTH px wide on a large screen). */
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
const READABLE_WIDTH = 900;

/**
 * A PDF with pdf.js, one page at a time: Previous / Next, "Page 1 of 2", zoom out / in (no pinch
 * needed). At 100 % the page fits the width; zoomed in, the page scrolls inside its frame, never the
 * portal page. Loaded on demand (`lazy` in FileViewer): pdf.js is its own chunk, its worker another.
 */
export default function PdfView({ data, name }: { data: Blob; name: string }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy>();
  const [error, setError] = useState<'pdfUnreadable' | 'pageFailed'>();
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(2); // index into ZOOMS: 100 %
  const [width, setWidth] = useState(0);
  const [shown, setShown] = useState<string>();
  const frame = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const rendering = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    let task: ReturnType<typeof pdfjs.getDocument> | undefined;
    void data.arrayBuffer().then((bytes) => {
      if (!live) return;
      task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false });
      task.promise.then(
        (d) => live && setDoc(d),
        () => live && setError('pdfUnreadable'),
      );
    });
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [data]);

  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!doc || !c || width === 0) return;
    let task: RenderTask | undefined;
    let live = true;
    // One render at a time on a canvas: the next waits until the previous one stopped.
    const run = rendering.current.then(async () => {
      if (!live) return;
      const p = await doc.getPage(page);
      if (!live) return;
      const fit = Math.min(width, READABLE_WIDTH) / p.getViewport({ scale: 1 }).width;
      const viewport = p.getViewport({ scale: fit * ZOOMS[zoom]! });
      const ratio = window.devicePixelRatio || 1;
      c.width = Math.floor(viewport.width * ratio);
      c.height = Math.floor(viewport.height * ratio);
      c.style.width = `${Math.floor(viewport.width)}px`;
      c.style.height = `${Math.floor(viewport.height)}px`;
      task = p.render({
        canvas: c,
        viewport,
        ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}),
      });
      await task.promise;
      if (live) setShown(`${page}@${ZOOMS[zoom]}`);
    });
    rendering.current = run.catch(() => {});
    run.catch((e: unknown) => {
      if (live && !(e instanceof Error && e.name === 'RenderingCancelledException')) {
        setError('pageFailed');
      }
    });
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, page, zoom, width]);

  const pages = doc?.numPages ?? 0;
  const percent = new Intl.NumberFormat(intlLocale(), { style: 'percent' }).format(ZOOMS[zoom]!);
  return (
    <div className="pdf-view">
      {error && (
        <p className="error" role="alert">
          {t(`viewer.${error}`)}
        </p>
      )}
      <div className="pdf-tools" role="toolbar" aria-label={t('viewer.tools')}>
        <div className="pdf-tool-group">
          <button
            type="button"
            className="secondary"
            aria-label={t('viewer.previousPage')}
            disabled={page <= 1}
            onClick={() => setPage((n) => n - 1)}
          >
            <span aria-hidden="true">‹ </span>
            {t('viewer.previous')}
          </button>
          <span className="pdf-page" aria-live="polite">
            {pages ? t('viewer.page', { page, pages }) : t('viewer.pdfOpening')}
          </span>
          <button
            type="button"
            className="secondary"
            aria-label={t('viewer.nextPage')}
            disabled={page >= pages}
            onClick={() => setPage((n) => n + 1)}
          >
            {t('viewer.next')}
            <span aria-hidden="true"> ›</span>
          </button>
        </div>
        <div className="pdf-tool-group">
          <button
            type="button"
            className="secondary"
            aria-label={t('viewer.zoomOut')}
            disabled={zoom <= 0}
            onClick={() => setZoom((z) => z - 1)}
          >
            −
          </button>
          <button type="button" className="secondary pdf-zoom" onClick={() => setZoom(2)}>
            {percent}
            <span className="visually-hidden">{t('viewer.fitWidth')}</span>
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={t('viewer.zoomIn')}
            disabled={zoom >= ZOOMS.length - 1}
            onClick={() => setZoom((z) => z + 1)}
          >
            +
          </button>
        </div>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a zoomed page scrolls by keyboard too */}
      <section className="pdf-frame" ref={frame} tabIndex={0} aria-label={t('viewer.frame', { name, page })}>
        {!doc && !error && <Spinner label={t('viewer.openingPdf')} />}
        <canvas
          ref={canvas}
          role="img"
          aria-label={pages ? t('viewer.pageOf', { page, pages, name }) : name}
          data-shown={shown}
        />
      </section>
    </div>
  );
}
