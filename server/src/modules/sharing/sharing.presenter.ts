import type { PortalDocumentRow, PortalShareRow } from './portal-shares.repository';
import type { MatterShareRow } from './sharing.repository';

const iso = (value: Date | string) => new Date(value).toISOString();

export const presentMatterShare = (r: MatterShareRow) => ({
  id: r.id,
  kind: r.kind,
  targetId: r.target_id,
  name: r.name,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  recipients: (typeof r.recipients === 'string' ? JSON.parse(r.recipients) : r.recipients) ?? [],
  sharedBy: { id: r.shared_by, name: r.shared_by_name },
  sharedAt: iso(r.shared_at),
  revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
});

export const presentPortalShare = (r: PortalShareRow) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  conversationId: r.conversation_id,
  matter: { title: r.matter_title },
  sharedAt: iso(r.shared_at),
  updatedAt: iso(r.updated_at ?? r.shared_at),
});

export const presentPortalDocument = (d: PortalDocumentRow) => ({
  id: d.id,
  name: d.name,
  size: Number(d.size),
  contentType: d.content_type,
  versionNumber: Number(d.version_number),
  updatedAt: iso(d.updated_at),
});
