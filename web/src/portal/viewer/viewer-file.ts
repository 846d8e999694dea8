import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, readAnswer } from '../../ui/api';
import type { ResponseOf } from '../../ui/endpoints';
import { describeError } from '../../ui/errors';
import { portalErrorMessage } from '../i18n/errors';

/** What the viewer shows of a file before (and besides) its bytes. */
export interface ViewerFile {
  name: string;
  size: number;
  contentType: string;
}

/** The link state a list or a message passes to the viewer: its file, shown at once (and after a reload). */
export interface ViewerLinkState {
  file?: ViewerFile;
}

export type ViewKind = 'pdf' | 'image' | 'text' | 'audio' | 'video' | 'other';

/** How the viewer shows a type: only what the server serves as itself (`send-file.ts` INLINE_SAFE). */
export function viewKind(contentType: string): ViewKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'].includes(type)) return 'image';
  if (type === 'text/plain') return 'text';
  if (['audio/mpeg', 'audio/ogg', 'audio/wav'].includes(type)) return 'audio';
  if (['video/mp4', 'video/webm'].includes(type)) return 'video';
  return 'other';
}

/**
 * The bytes of a portal content route, read by the page with the session cookie (never by sending
 * the browser to the API's address). A refusal becomes an `ApiError` (`mfa_required`, `not_found`...).
 */
export async function fetchContent(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', describeError('network', undefined, undefined, null));
  }
  if (!res.ok) await readAnswer(res);
  return res;
}

type PortalDocument = ResponseOf<'GET /portal/documents'>['items'][number];

/** A file the client can open, found in `GET /portal/documents` (when no link state names it). */
export async function findPortalDocument(
  match: (d: PortalDocument) => boolean,
): Promise<ViewerFile | undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await api('GET /portal/documents', { query: { limit: 200, ...(cursor ? { cursor } : {}) } });
    const found = page.items.find(match);
    if (found) return { name: found.name, size: found.size, contentType: found.contentType };
    if (!page.nextCursor) return undefined;
    cursor = page.nextCursor;
  }
}

export type ViewerFileState =
  | { status: 'loading' }
  | { status: 'ready'; file: ViewerFile }
  | { status: 'locked' }
  | { status: 'missing' }
  | { status: 'error'; message: string };

/**
 * The file the viewer shows: `known` at once (the link's state, or what the page behind has loaded),
 * else looked up; a file that is not listed is either protected (its content answers
 * `mfa_required`: the step-up is shown) or no longer there.
 */
export function useViewerFile(
  known: ViewerFile | undefined,
  lookup: () => Promise<ViewerFile | undefined>,
  contentUrl: string,
) {
  const [state, setState] = useState<ViewerFileState>(
    known ? { status: 'ready', file: known } : { status: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);
  const lookupRef = useRef(lookup);
  lookupRef.current = lookup;
  const hasKnown = known !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt asks again (Try again, after a step-up)
  useEffect(() => {
    if (hasKnown) return;
    let live = true;
    setState({ status: 'loading' });
    (async () => {
      try {
        const file = await lookupRef.current();
        if (file) return live && setState({ status: 'ready', file });
        // Not listed: ask the content itself why (one byte).
        await fetchContent(contentUrl, { headers: { range: 'bytes=0-0' } });
        if (live) setState({ status: 'missing' });
      } catch (err) {
        if (!live) return;
        if (err instanceof ApiError && err.code === 'mfa_required') setState({ status: 'locked' });
        else if (err instanceof ApiError && err.status === 404) setState({ status: 'missing' });
        else setState({ status: 'error', message: portalErrorMessage(err) });
      }
    })();
    return () => {
      live = false;
    };
  }, [hasKnown, contentUrl, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state: known ? ({ status: 'ready', file: known } as const) : state, retry };
}

/**
 * Back from the viewer to where the client was: the previous page of the portal when there is one
 * (the conversation at its place, the shared folder, the home page), else `parent`.
 */
export function useViewerBack(parent: string) {
  const navigate = useNavigate();
  return useCallback(() => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate(parent, { replace: true });
  }, [navigate, parent]);
}
