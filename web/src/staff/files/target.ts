import type { DocumentSummary, FolderSummary } from '../../ui/api-types';

/** An item of a listing that an action applies to. */
export type Target = { kind: 'folder'; item: FolderSummary } | { kind: 'document'; item: DocumentSummary };
