import { MESSAGE_BODY_MAX } from '@parley/contracts/constants';
import { type FormEvent, type ReactNode, type RefObject, useId, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../ui/api';
import type { Conversation, Message, MessageLink } from '../../ui/api-types';
import { Dialog } from '../../ui/Dialog';
import { useDraft } from '../../ui/draft';
import { ClipIcon, LinkIcon } from '../../ui/icons';
import { ErrorNote, Field, Toggle } from '../../ui/widgets';
import { UploadChips } from '../files/UploadChips';
import { useComputerFiles } from './computer-files';
import { FilePicker, type Picked } from './FilePicker';
import { FromComputer } from './FromComputer';
import { normalizeLinkUrl } from './link-url';

/**
 * Where the message goes: into a conversation, or (the matter's Message action) to a set of people on
 * a matter, reusing their conversation or starting one. External conversations allow Send as SMS and
 * Require MFA; Attach and Share need a matter.
 */
export type ComposerTarget =
  | { to: 'conversation'; conversationId: string; external: boolean; matterId: string | null }
  | {
      to: 'matter';
      matterId: string;
      partyIds: string[];
      staffIds: string[];
      external: boolean;
      /** The title of the conversation, if this message starts one. */
      title?: string;
    };

/** The composer: body, links, attachments (fixed copies), shares (live), Send as SMS, Require MFA. */
export function Composer(props: {
  target: ComposerTarget;
  onSent: (message: Message, conversation?: Conversation) => void;
  onRecipientProblem?: (error: ApiError) => void;
  /** Send waits (e.g. no party chosen yet for an external conversation). */
  hold?: boolean;
  /** Where files can be dropped (the thread around it); by default the composer itself. */
  dropArea?: RefObject<HTMLElement | null>;
}) {
  // The body is kept per conversation across reloads until it is sent.
  const [body, setBody] = useDraft(props.target.to === 'conversation' ? props.target.conversationId : null);
  const [linkError, setLinkError] = useState<string>();
  const [links, setLinks] = useState<MessageLink[]>([]);
  const [attachments, setAttachments] = useState<Picked[]>([]);
  const [shares, setShares] = useState<Picked[]>([]);
  // Ids of its own: the + dialog's composer can be open above a conversation's.
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const computer = useComputerFiles(
    props.target.matterId,
    (file) => setAttachments((a) => [...a, file]),
    props.dropArea ?? form,
  );
  const [sendAsSms, setSendAsSms] = useState(false);
  const [requireMfa, setRequireMfa] = useState(false);
  const [picker, setPicker] = useState<'attach' | 'share' | null>(null);
  const [linkDialog, setLinkDialog] = useState(false);
  const [linkUrl, setLinkUrl] = useState('');
  const [linkLabel, setLinkLabel] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // One idempotency key per composed message: a retried send never posts twice.
  const clientMessageId = useRef(crypto.randomUUID());

  const empty = !body.trim() && links.length === 0 && attachments.length === 0 && shares.length === 0;

  async function send(e: FormEvent) {
    e.preventDefault();
    if (empty || props.hold || computer.pending > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const target = props.target;
      const fields = {
        ...(body.trim() ? { body } : {}),
        ...(links.length ? { links } : {}),
        ...(attachments.length ? { attachments: attachments.map((a) => ({ documentId: a.id })) } : {}),
        ...(shares.length
          ? { shares: shares.map((s) => (s.kind === 'folder' ? { folderId: s.id } : { documentId: s.id })) }
          : {}),
        ...(target.external ? { sendAsSms, requireMfa } : {}),
        clientMessageId: clientMessageId.current,
      };
      const sent =
        target.to === 'conversation'
          ? {
              message: await api('POST /conversations/:id/messages', {
                params: { id: target.conversationId },
                body: fields,
              }),
            }
          : await api('POST /matters/:id/messages', {
              params: { id: target.matterId },
              body: {
                ...fields,
                partyIds: target.partyIds,
                staffIds: target.staffIds,
                ...(target.title ? { title: target.title } : {}),
              },
            });
      setBody('');
      setLinks([]);
      setAttachments([]);
      setShares([]);
      setSendAsSms(false);
      setRequireMfa(false);
      clientMessageId.current = crypto.randomUUID();
      props.onSent(sent.message, 'conversation' in sent ? sent.conversation : undefined);
    } catch (err) {
      setError(errorMessage(err));
      if (
        err instanceof ApiError &&
        (err.code === 'recipient_has_no_mobile' || err.code === 'recipient_has_no_email')
      ) {
        props.onRecipientProblem?.(err);
      }
    } finally {
      setBusy(false);
    }
  }

  function addLink(e: FormEvent) {
    e.preventDefault();
    const url = normalizeLinkUrl(linkUrl);
    if (!url) {
      setLinkError('That is not a web address. Write it like courts.gov/case or https://courts.gov/case.');
      return;
    }
    setLinkError(undefined);
    setLinks((l) => [...l, { url, ...(linkLabel.trim() ? { label: linkLabel.trim() } : {}) }]);
    setLinkUrl('');
    setLinkLabel('');
    setLinkDialog(false);
  }

  const chip = (icon: ReactNode, text: string, onRemove: () => void, key: string) => (
    <li className="chip" key={key}>
      {icon}
      {text}
      <button type="button" aria-label={`Remove ${text}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );

  return (
    <>
      <form
        ref={form}
        className={`composer card${computer.dragging ? ' drop-over' : ''}`}
        onSubmit={send}
        aria-label="Write a message"
      >
        {computer.dragging && (
          <p className="drop-hint" aria-hidden="true">
            Drop files to attach them (saved in “{computer.folderName}”)
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-body`}>Message</label>
          <textarea
            id={`${id}-body`}
            value={body}
            maxLength={MESSAGE_BODY_MAX}
            onChange={(e) => setBody(e.target.value)}
            onPaste={computer.onPaste}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void send(e);
            }}
          />
        </div>
        <ul className="chips" aria-label="In this message">
          {links.map((l, i) =>
            chip(<LinkIcon />, l.label ?? l.url, () => setLinks(links.filter((_, j) => j !== i)), `l${i}`),
          )}
          {attachments.map((a) =>
            chip(<ClipIcon />, a.name, () => setAttachments(attachments.filter((x) => x !== a)), `a${a.id}`),
          )}
          {shares.map((s) =>
            chip(
              <LinkIcon />,
              `Shared: ${s.name}`,
              () => setShares(shares.filter((x) => x !== s)),
              `s${s.kind}${s.id}`,
            ),
          )}
        </ul>
        <UploadChips keys={computer.keys} onRemove={computer.remove} />
        <div className="toolbar">
          {props.target.matterId && (
            <>
              <FromComputer matterId={props.target.matterId} files={computer} />
              <button type="button" className="secondary" onClick={() => setPicker('attach')}>
                From All Files
              </button>
              <button type="button" className="secondary" onClick={() => setPicker('share')}>
                Share
              </button>
            </>
          )}
          <button type="button" className="secondary" onClick={() => setLinkDialog(true)}>
            Add Link
          </button>
          {props.target.external && (
            <>
              <Toggle label="Send as SMS" checked={sendAsSms} onChange={setSendAsSms} />
              <Toggle label="Require MFA" checked={requireMfa} onChange={setRequireMfa} />
            </>
          )}
          <span style={{ flex: 1 }} />
          {computer.pending > 0 && (
            <span className="muted" id={`${id}-waits`}>
              {computer.failed > 0
                ? 'Send waits: retry or remove the file that did not upload.'
                : 'Send waits for the uploads…'}
            </span>
          )}
          <button
            type="submit"
            disabled={busy || empty || props.hold || computer.pending > 0}
            aria-describedby={computer.pending > 0 ? `${id}-waits` : undefined}
          >
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
        <ErrorNote message={error ?? computer.error} />
      </form>
      {picker && props.target.matterId && (
        <FilePicker
          matterId={props.target.matterId}
          mode={picker}
          onClose={() => setPicker(null)}
          onPick={(items) => {
            if (picker === 'attach')
              setAttachments((a) => [...a, ...items.filter((i) => i.kind === 'document')]);
            else setShares((s) => [...s, ...items]);
            setPicker(null);
          }}
        />
      )}
      <Dialog title="Add Link" open={linkDialog} onClose={() => setLinkDialog(false)}>
        <form onSubmit={addLink}>
          <Field
            label="URL"
            value={linkUrl}
            onChange={setLinkUrl}
            required
            placeholder="courts.gov/case"
            autoFocus
          />
          <Field label="Label (optional)" value={linkLabel} onChange={setLinkLabel} />
          <ErrorNote message={linkError} />
          <button type="submit">Insert link</button>
        </form>
      </Dialog>
    </>
  );
}
