import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../ui/api';
import { type SessionActions, SessionList, type SessionTexts } from '../ui/SessionList';
import { portalErrorMessage } from './i18n/errors';
import { usePortalFormat } from './i18n/PortalI18n';

/** The Security page's Sessions section: where the client is signed in, in their language. */
export function PortalSessions() {
  const { t } = useTranslation();
  const format = usePortalFormat();
  const actions = useMemo<SessionActions>(
    () => ({
      list: () => api('GET /portal/me/sessions'),
      endOne: (id) => api('DELETE /portal/me/sessions/:id', { params: { id } }),
      endOthers: () => api('DELETE /portal/me/sessions', { query: { others: 'true' } }),
    }),
    [],
  );
  const texts: SessionTexts = {
    heading: t('sessions.heading'),
    intro: t('sessions.intro'),
    loading: t('sessions.loading'),
    loadFailed: t('sessions.loadFailed'),
    retry: t('common.tryAgain'),
    device: (browser, os) =>
      browser && os
        ? t('sessions.device', { browser, os })
        : browser
          ? t('sessions.browserOnly', { browser })
          : os
            ? t('sessions.osOnly', { os })
            : t('sessions.unknownDevice'),
    thisOne: t('sessions.thisOne'),
    ip: (ip) => t('sessions.ip', { ip }),
    signedIn: (when) => t('sessions.signedIn', { when }),
    lastSeen: (when) => t('sessions.lastSeen', { when }),
    end: t('sessions.end'),
    endLabel: (device) => t('sessions.endLabel', { device }),
    endOthers: t('sessions.endOthers'),
    onlyThisOne: t('sessions.onlyThisOne'),
    none: t('sessions.none'),
    ended: t('sessions.ended'),
    endedOthers: t('sessions.endedOthers'),
  };
  return (
    <SessionList texts={texts} actions={actions} formatTime={format.time} errorText={portalErrorMessage} />
  );
}
