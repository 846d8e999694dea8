/**
 * The ONE database schema for the whole product (DESIGN.md). Every row carries `firm_id`
 * except the two cross-firm identities a portal user needs (`portal_users`, and their
 * sessions/tokens, where `firm_id` is null): one portal user can be a party in several firms.
 *
 * Ids are opaque text (random UUIDs made by the server), so a malformed id in a URL is
 * simply "not found", never a type error.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => randomUUID());
const firmId = () => text('firm_id').notNull();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const firms = pgTable('firms', {
  id: id(),
  name: text('name').notNull(),
  requireStaffTotp: boolean('require_staff_totp').notNull().default(false),
  createdAt: createdAt(),
  /** Branding (API.md "Firm settings and branding"): #rrggbb with 4.5:1 contrast against white. */
  brandColor: text('brand_color').notNull().default('#1f3a5f'),
  welcomeText: text('welcome_text'),
  /** IANA time zone; quiet hours ("HH:MM", both or neither) are read in it. */
  timeZone: text('time_zone').notNull().default('UTC'),
  quietHoursStart: text('quiet_hours_start'),
  quietHoursEnd: text('quiet_hours_end'),
  defaultLocale: text('default_locale', { enum: ['en', 'es'] })
    .notNull()
    .default('en'),
  /** SHA-256 of the logo in `firm_logos` (null: none); names the logo's URL so caches renew. */
  logoSha256: text('logo_sha256'),
});

/** A firm's logo (PNG, JPEG or WebP, at most 1 MiB, type checked by its bytes). */
export const firmLogos = pgTable('firm_logos', {
  firmId: text('firm_id')
    .primaryKey()
    .references(() => firms.id),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  sha256: text('sha256').notNull(),
  updatedAt: updatedAt(),
});

/** The head of each firm's audit hash chain: the last sealed row. Only the sealer locks it. */
export const auditHeads = pgTable('audit_heads', {
  firmId: text('firm_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  hash: text('hash').notNull(),
});

export const staff = pgTable(
  'staff',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'staff'] }).notNull(),
    passwordHash: text('password_hash'),
    /** Set by `npm run admin -- reset-password | create-admin`: a one-time password, changed at next sign-in. */
    passwordMustChange: boolean('password_must_change').notNull().default(false),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_email_unique').on(t.email), index('staff_firm_idx').on(t.firmId)],
);

export const portalUsers = pgTable('portal_users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  totpSecret: text('totp_secret'),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  lastSignInAt: ts('last_sign_in_at'),
  /** The language they chose in the portal (null until they choose: the firm's default for emails). */
  locale: text('locale', { enum: ['en', 'es'] }),
  createdAt: createdAt(),
});

/** Staff and portal sessions. Only the SHA-256 of the token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    firmId: text('firm_id'),
    principalType: text('principal_type', { enum: ['staff', 'portal'] }).notNull(),
    staffId: text('staff_id').references(() => staff.id),
    portalUserId: text('portal_user_id').references(() => portalUsers.id),
    tokenHash: text('token_hash').notNull().unique(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    idleExpiresAt: ts('idle_expires_at').notNull(),
    absoluteExpiresAt: ts('absolute_expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    mfaVerifiedUntil: ts('mfa_verified_until'),
  },
  (t) => [index('sessions_staff_idx').on(t.staffId), index('sessions_portal_user_idx').on(t.portalUserId)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    name: text('name').notNull(),
    email: text('email'),
    mobile: text('mobile'),
    portalUserId: text('portal_user_id').references(() => portalUsers.id),
    smsOptedOutAt: ts('sms_opted_out_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_firm_idx').on(t.firmId),
    index('contacts_email_idx').on(t.email),
    index('contacts_mobile_idx').on(t.mobile),
    index('contacts_portal_user_idx').on(t.portalUserId),
  ],
);

export const matters = pgTable(
  'matters',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    title: text('title').notNull(),
    number: text('number'),
    restricted: boolean('restricted').notNull().default(false),
    rootFolderId: text('root_folder_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('matters_firm_idx').on(t.firmId)],
);

/** Staff allowed into a restricted matter (ignored for unrestricted ones; admins see all). */
export const matterStaff = pgTable(
  'matter_staff',
  {
    firmId: firmId(),
    matterId: text('matter_id')
      .notNull()
      .references(() => matters.id, { onDelete: 'cascade' }),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.matterId, t.staffId] }), index('matter_staff_staff_idx').on(t.staffId)],
);

export const parties = pgTable(
  'parties',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    matterId: text('matter_id')
      .notNull()
      .references(() => matters.id),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id),
    role: text('role').notNull(),
    createdAt: createdAt(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    index('parties_matter_idx').on(t.matterId),
    index('parties_contact_idx').on(t.contactId),
    uniqueIndex('parties_active_unique').on(t.matterId, t.contactId).where(sql`removed_at is null`),
  ],
);

/**
 * All Files folders. `path` is the materialized chain of ids from the root, '/root/child/.../self/',
 * so "is X inside the shared folder F" is one indexed prefix test and a move rewrites one subtree.
 */
export const folders = pgTable(
  'folders',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    matterId: text('matter_id')
      .notNull()
      .references(() => matters.id),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    path: text('path').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('folders_matter_idx').on(t.matterId),
    index('folders_parent_idx').on(t.parentId),
    index('folders_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
  ],
);

/** Bytes in the blob store, content-addressed by SHA-256. */
export const blobs = pgTable(
  'blobs',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('blobs_firm_sha_unique').on(t.firmId, t.sha256)],
);

export const documents = pgTable(
  'documents',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    matterId: text('matter_id').notNull(),
    folderId: text('folder_id')
      .notNull()
      .references(() => folders.id),
    name: text('name').notNull(),
    currentVersionId: text('current_version_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('documents_folder_idx').on(t.folderId), index('documents_matter_idx').on(t.matterId)],
);

/** Immutable: a row is never updated after insert. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    number: integer('number').notNull(),
    blobId: text('blob_id')
      .notNull()
      .references(() => blobs.id),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    contentType: text('content_type').notNull(),
    createdByType: text('created_by_type', { enum: ['staff', 'portal'] }).notNull(),
    createdById: text('created_by_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('document_versions_number_unique').on(t.documentId, t.number)],
);

/** Resumable (tus) uploads: state kept here so any node can continue one. */
export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    firmId: text('firm_id'),
    ownerType: text('owner_type', { enum: ['staff', 'portal'] }).notNull(),
    ownerId: text('owner_id').notNull(),
    length: bigint('length', { mode: 'number' }),
    offset: bigint('offset', { mode: 'number' }).notNull().default(0),
    metadata: jsonb('metadata').$type<Record<string, string | null>>().notNull().default({}),
    storageKey: text('storage_key').notNull(),
    storageState: jsonb('storage_state').$type<Record<string, unknown>>().notNull().default({}),
    sha256: text('sha256'),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    completedAt: ts('completed_at'),
    consumedAt: ts('consumed_at'),
  },
  (t) => [index('uploads_expires_idx').on(t.expiresAt)],
);

export const uploadParts = pgTable(
  'upload_parts',
  {
    uploadId: text('upload_id').notNull(),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    matterId: text('matter_id'),
    kind: text('kind', { enum: ['external', 'internal', 'channel', 'direct'] }).notNull(),
    title: text('title'),
    createdBy: text('created_by').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessageAt: ts('last_message_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('conversations_matter_idx').on(t.matterId),
    // The home view and matter lists: newest activity first, id as the tie-break of the cursor.
    index('conversations_firm_activity_idx').on(t.firmId, t.updatedAt.desc(), t.id.desc()),
  ],
);

/** Who is in a conversation, and how far they have read (the unread count is last_seq - last_read_seq). */
export const participants = pgTable(
  'participants',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id),
    type: text('type', { enum: ['staff', 'party'] }).notNull(),
    staffId: text('staff_id'),
    partyId: text('party_id'),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    lastReadAt: ts('last_read_at'),
    /** The last seq covered by a new-message email to this (party) participant: at most one per period. */
    notifiedSeq: integer('notified_seq').notNull().default(0),
    joinedAt: createdAt(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    index('participants_conversation_idx').on(t.conversationId),
    index('participants_staff_idx').on(t.staffId),
    index('participants_party_idx').on(t.partyId),
    // One active row per person and conversation, so concurrent adds cannot duplicate anyone.
    uniqueIndex('participants_staff_active_unique')
      .on(t.conversationId, t.staffId)
      .where(sql`staff_id is not null and removed_at is null`),
    uniqueIndex('participants_party_active_unique')
      .on(t.conversationId, t.partyId)
      .where(sql`party_id is not null and removed_at is null`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id),
    seq: integer('seq').notNull(),
    authorType: text('author_type', { enum: ['staff', 'party', 'system'] }).notNull(),
    authorId: text('author_id'),
    body: text('body').notNull().default(''),
    links: jsonb('links').$type<{ url: string; label?: string }[]>().notNull().default([]),
    sendAsSms: boolean('send_as_sms').notNull().default(false),
    requireMfa: boolean('require_mfa').notNull().default(false),
    via: text('via', { enum: ['app', 'portal', 'sms', 'quick_link'] }).notNull(),
    clientMessageId: text('client_message_id'),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english', body)`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_unique').on(t.conversationId, t.seq),
    uniqueIndex('messages_client_id_unique')
      .on(t.conversationId, t.authorType, t.authorId, t.clientMessageId)
      .where(sql`client_message_id is not null`),
    index('messages_search_idx').using('gin', t.search),
  ],
);

/**
 * Staff-only lines in a conversation that are not messages (no seq, never shown to parties): e.g.
 * "Dana Doe's email changed by Carol" when a party's contact details change (DESIGN.md rule 12).
 */
export const conversationNotices = pgTable(
  'conversation_notices',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id),
    kind: text('kind', { enum: ['contact_changed'] }).notNull(),
    text: text('text').notNull(),
    staffId: text('staff_id').references(() => staff.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_notices_conversation_idx').on(t.conversationId, t.createdAt)],
);

/** A fixed copy: pins one version, whatever later happens to the document. */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id),
    documentId: text('document_id').notNull(),
    versionId: text('version_id')
      .notNull()
      .references(() => documentVersions.id),
    name: text('name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    contentType: text('content_type').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_message_idx').on(t.messageId),
    index('attachments_document_idx').on(t.documentId),
  ],
);

/** A live link to a document or folder, revocable ("Remove Access"). */
export const shares = pgTable(
  'shares',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    matterId: text('matter_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id),
    kind: text('kind', { enum: ['document', 'folder'] }).notNull(),
    documentId: text('document_id'),
    folderId: text('folder_id'),
    sharedBy: text('shared_by').notNull(),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [
    index('shares_conversation_idx').on(t.conversationId),
    index('shares_document_idx').on(t.documentId),
    index('shares_folder_idx').on(t.folderId),
    index('shares_matter_idx').on(t.matterId),
  ],
);

/** Per recipient and channel: email or SMS delivery of a message. Status only moves forward. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    firmId: firmId().references(() => firms.id),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id),
    partyId: text('party_id').notNull(),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    status: text('status', {
      enum: ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'],
    }).notNull(),
    error: text('error'),
    providerId: text('provider_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deliveries_message_idx').on(t.messageId),
    uniqueIndex('deliveries_provider_unique').on(t.providerId).where(sql`provider_id is not null`),
  ],
);

/**
 * Single-use or short-lived secrets: portal sign-in and invitation links, quick-reply links,
 * step-up codes. Only the SHA-256 of the secret is stored.
 */
export const tokens = pgTable(
  'tokens',
  {
    id: id(),
    firmId: text('firm_id'),
    kind: text('kind', { enum: ['portal_sign_in', 'portal_invite', 'quick_reply', 'mfa_code'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    portalUserId: text('portal_user_id'),
    partyId: text('party_id'),
    conversationId: text('conversation_id'),
    messageId: text('message_id'),
    sessionId: text('session_id'),
    channel: text('channel'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('tokens_portal_user_idx').on(t.portalUserId)],
);

/** The job queue (emails, SMS, webhooks): inserted in the transaction that causes the job. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    firmId: text('firm_id'),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    dedupeKey: text('dedupe_key'),
    runAt: ts('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    lockedUntil: ts('locked_until'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    doneAt: ts('done_at'),
    failedAt: ts('failed_at'),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`done_at is null and failed_at is null`),
    uniqueIndex('jobs_dedupe_unique').on(t.name, t.dedupeKey).where(sql`dedupe_key is not null`),
  ],
);

/** Append-only, hash-chained per firm (DESIGN.md rule 9). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    firmId: firmId().references(() => firms.id),
    /** Null until the row is sealed into its firm's chain (modules/audit/seal.ts). */
    seq: bigint('seq', { mode: 'number' }),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    matterId: text('matter_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_firm_seq_unique').on(t.firmId, t.seq),
    index('audit_log_matter_idx').on(t.matterId),
    // The sealer's queue: rows appended but not yet chained, in append order.
    index('audit_log_unsealed_idx').on(t.firmId, t.id).where(sql`${t.seq} is null`),
  ],
);

/** Fixed-window counters for rate limits, shared by every node. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: ts('window_start').notNull(),
  count: integer('count').notNull(),
});
