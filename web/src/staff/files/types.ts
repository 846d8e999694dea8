export interface FolderItem {
  id: string;
  name: string;
  updatedAt: string;
  shared?: boolean;
}

export interface DocumentItem {
  id: string;
  name: string;
  size: number;
  contentType: string;
  currentVersionId: string;
  versionCount: number;
  updatedAt: string;
  shared: boolean;
}

export interface Listing {
  folder: { id: string; name: string; parentId: string | null };
  folders: FolderItem[];
  documents: DocumentItem[];
}

export interface ShareInfo {
  id: string;
  kind: 'document' | 'folder';
  targetId: string;
  name: string;
  conversationId: string;
  recipients: { partyId: string; name: string }[];
  sharedBy: unknown;
  sharedAt: string;
  revokedAt: string | null;
}

export type Target = { kind: 'folder'; item: FolderItem } | { kind: 'document'; item: DocumentItem };
