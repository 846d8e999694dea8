import type { DocumentListRow, FolderRow, SubfolderRow, VersionRow } from './files.repository';

const iso = (value: Date | string) => new Date(value).toISOString();

export const presentFolder = (f: FolderRow) => ({
  id: f.id,
  name: f.name,
  parentId: f.parentId,
  matterId: f.matterId,
  createdAt: iso(f.createdAt),
  updatedAt: iso(f.updatedAt),
});

export const presentFolderSummary = (f: SubfolderRow) => ({
  id: f.id,
  name: f.name,
  updatedAt: iso(f.updatedAt),
  shared: Boolean(f.shared),
});

export const presentDocument = (d: DocumentListRow) => ({
  id: d.id,
  name: d.name,
  folderId: d.folder_id,
  matterId: d.matter_id,
  size: Number(d.size),
  contentType: d.content_type,
  currentVersionId: d.current_version_id,
  versionCount: d.version_count,
  updatedAt: iso(d.updated_at),
  shared: d.shared,
  sent: d.sent,
});

export const presentVersion = (v: VersionRow) => ({
  id: v.id,
  documentId: v.documentId,
  number: v.number,
  size: Number(v.size),
  sha256: v.sha256,
  contentType: v.contentType,
  createdAt: iso(v.createdAt),
});

export const presentDocumentDetail = (d: DocumentListRow, versions: VersionRow[]) => ({
  ...presentDocument(d),
  createdAt: iso(d.created_at),
  versions: versions.map(presentVersion),
});
