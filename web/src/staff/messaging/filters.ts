import type { ConversationKind } from '../../ui/api-types';

/** The conversation list's filters (`?show=`), each a query of `GET /conversations`. */
export const FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'external', label: 'External' },
  { value: 'internal', label: 'Internal' },
  { value: 'channel', label: 'Channels' },
  { value: 'direct', label: 'Direct' },
  { value: 'unread', label: 'Unread' },
] as const;
export type Filter = (typeof FILTERS)[number]['value'];

export const filterQuery = (show: Filter): { kind?: ConversationKind; unread?: boolean } =>
  show === 'all' ? {} : show === 'unread' ? { unread: true } : { kind: show };
