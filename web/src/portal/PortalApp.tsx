import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { TotpSetup } from '../ui/TotpSetup';
import { Spinner } from '../ui/widgets';
import { PortalBrandProvider, PortalHeader, usePortalPage } from './branding';
import { Guide } from './Guide';
import { PortalI18n } from './i18n/PortalI18n';
import { PortalInboxProvider } from './inbox';
import { PortalConversation } from './PortalConversation';
import { PortalHome } from './PortalHome';
import { PortalSessions } from './PortalSessions';
import { SharedBrowser } from './SharedBrowser';
import { ExchangeToken, RequestLink } from './SignIn';
import { PortalSessionProvider, usePortalSession } from './session';

function Gate() {
  const { me, signOut } = usePortalSession();
  const { t } = useTranslation();
  if (me === undefined)
    return (
      <>
        <PortalHeader />
        <main>
          <Spinner label={t('common.loading')} />
        </main>
      </>
    );
  if (me === null)
    return (
      <>
        <PortalHeader />
        <RequestLink />
      </>
    );
  return (
    <PortalInboxProvider>
      <PortalHeader onSignOut={() => void signOut()} />
      <Routes>
        <Route index element={<PortalHome />} />
        <Route path="conversations/:conversationId/*" element={<PortalConversation />} />
        <Route path="shared/:shareId/*" element={<SharedBrowser />} />
        <Route path="security" element={<Security />} />
        <Route path="*" element={<PortalHome />} />
      </Routes>
    </PortalInboxProvider>
  );
}

function Security() {
  const { me, refresh } = usePortalSession();
  const { t } = useTranslation();
  usePortalPage(t('security.pageTitle'));
  return (
    <TotpSetup
      audience="portal"
      purpose={t('security.purpose')}
      onDone={refresh}
      enabled={me?.totpEnabled ?? false}
      lostHint={t('security.lostHint')}
      texts={{
        heading: t('security.heading'),
        done: (purpose) => t('security.done', { purpose }),
        enabled: (purpose) => t('security.enabled', { purpose }),
        intro: (purpose) => t('security.intro', { purpose }),
        start: t('security.start'),
        addKey: t('security.addKey'),
        orOpen: t('security.orOpen'),
        codeLabel: t('security.codeLabel'),
        confirm: t('security.confirm'),
      }}
    >
      <PortalSessions />
    </TotpSetup>
  );
}

export function PortalApp() {
  return (
    <PortalI18n>
      <PortalBrandProvider>
        <PortalSessionProvider>
          <Routes>
            <Route path="sign-in" element={<ExchangeToken />} />
            <Route path="guide" element={<Guide />} />
            <Route path="*" element={<Gate />} />
          </Routes>
        </PortalSessionProvider>
      </PortalBrandProvider>
    </PortalI18n>
  );
}
