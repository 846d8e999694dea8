import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../ui/api';
import type { PortalMessage } from '../ui/api-types';
import { formatBytes, formatTime } from '../ui/format';
import { ClipIcon, FileIcon, FolderIcon, LinkIcon, LockIcon } from '../ui/icons';
import { fetchPortalMessagesAfter, mergeMessages } from '../ui/message-pages';
import { usePortalRealtime } from '../ui/realtime';
import { uploadFile } from '../ui/upload';
import { ErrorNote, PagePending } from '../ui/widgets';
import { usePortalPage } from './branding';
import { usePortalInbox } from './inbox';
import { StepUp } from './StepUp';

interface PendingFile {
  file: File;
  sent: number;
}

/** One conversation in the portal: messages (protected ones behind a lock screen) and a reply box with files. */
export function PortalConversation() {
  const { conversationId = '' } = useParams();
  const [messages, setMessages] = useState<PortalMessage[]>();
  const [error, setError] = useState<string>();
  const lastSeq = useRef(0);
  const inbox = usePortalInbox();
  const conversation = inbox?.conversations?.items.find((c) => c.id === conversationId);
  const title = conversation?.title ?? conversation?.matter.title ?? 'Conversation';
  usePortalPage(title, conversation?.firm.id);
  const reloadInbox = inbox?.reload;

  const load = useCallback(async () => {
    try {
      setMessages(await fetchPortalMessagesAfter(conversationId, 0));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [conversationId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const last = messages?.at(-1)?.seq ?? 0;
    if (last > lastSeq.current) {
      lastSeq.current = last;
      void api('POST /portal/conversations/:id/read', {
        params: { id: conversationId },
        body: { seq: last },
      })
        .then(() => reloadInbox?.()) // the unread count in the tab title
        .catch(() => {});
    }
  }, [messages, conversationId, reloadInbox]);

  usePortalRealtime(
    (e) => {
      if (e.type === 'ready' || e.conversationId !== conversationId) return;
      if (e.type === 'message.created') setMessages((m) => mergeMessages(m ?? [], [e.message]));
      if (e.type === 'share.revoked') void load();
    },
    () => void load(),
  );

  if (error || !messages) return <PagePending error={error} />;
  const anyLocked = messages.some((m) => m.locked);
  return (
    <main>
      <p>
        <Link to="/portal">← All conversations</Link>
      </p>
      <h1>{title}</h1>
      <ol className="messages" aria-label="Messages">
        {messages.map((m) =>
          m.locked ? (
            <li key={m.id} className="message locked" aria-label={`Protected message from ${m.author.name}`}>
              <div className="meta">
                <strong>{m.author.name}</strong> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                <span className="tag">
                  <LockIcon />
                  Protected
                </span>
              </div>
            </li>
          ) : (
            <li key={m.id} className="message" aria-label={`Message from ${m.author.name}`}>
              <div className="meta">
                <strong>{m.author.name}</strong> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
              </div>
              {m.body && <p className="body">{m.body}</p>}
              <div className="items">
                {(m.links ?? []).map((l) => (
                  <a key={l.url} href={l.url} target="_blank" rel="noopener noreferrer" className="chip">
                    <LinkIcon />
                    {l.label ?? l.url}
                  </a>
                ))}
                {(m.attachments ?? []).map((a) => (
                  <a key={a.id} className="chip" href={`/api/v1/portal/attachments/${a.id}/content`}>
                    <ClipIcon />
                    {a.name} <span className="muted">({formatBytes(a.size)})</span>
                  </a>
                ))}
                {(m.shares ?? []).map((s) =>
                  s.revokedAt ? (
                    <span key={s.id} className="chip">
                      {s.name} <span className="tag">access removed</span>
                    </span>
                  ) : (
                    <Link key={s.id} className="chip" to={`/portal/shared/${s.id}`}>
                      {s.kind === 'folder' ? <FolderIcon /> : <FileIcon />} {s.name}{' '}
                      <span className="shared-icon">Shared</span>
                    </Link>
                  ),
                )}
              </div>
            </li>
          ),
        )}
      </ol>
      {anyLocked && <StepUp onVerified={() => void load()} />}
      <Reply
        conversationId={conversationId}
        onSent={(m) => setMessages((list) => mergeMessages(list ?? [], [m]))}
      />
    </main>
  );
}

function Reply({ conversationId, onSent }: { conversationId: string; onSent: (m: PortalMessage) => void }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const clientMessageId = useRef(crypto.randomUUID());

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
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card composer" onSubmit={send} aria-label="Reply">
      <div className="field">
        <label htmlFor="reply-body">Your reply</label>
        <textarea
          id="reply-body"
          value={body}
          maxLength={MESSAGE_BODY_MAX}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      {files.length > 0 && (
        <ul className="list" aria-label="Files to send">
          {files.map((f) => (
            <li key={`${f.file.name}-${f.file.size}`}>
              <span className="name">{f.file.name}</span>
              <progress
                value={f.file.size ? f.sent / f.file.size : 1}
                max={1}
                aria-label={`Uploading ${f.file.name}`}
              />
              <span className="muted">{formatBytes(f.file.size)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <label className="button secondary" style={{ background: '#fff', color: 'var(--brand)' }}>
          Add files
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
          {busy ? 'Sending…' : 'Send reply'}
        </button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}
