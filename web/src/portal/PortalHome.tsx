import { useTranslation } from 'react-i18next';
import { usePortalRealtime } from '../ui/realtime';
import { useApi } from '../ui/use-api';
import { usePortalPage } from './branding';
import { ConversationList, SharedList } from './home-lists';
import { usePortalInbox } from './inbox';
import { PortalHelp, usePortalWelcome, WelcomeCard } from './Welcome';

/**
 * The client's home: the welcome on a first visit, their conversations (unread first to the eye,
 * newest activity first) and what is shared with them; side by side from 1024 px, one under the
 * other on a phone.
 */
export function PortalHome() {
  const inbox = usePortalInbox();
  const shares = useApi('GET /portal/shares');
  const documents = useApi('GET /portal/documents', { query: { limit: 50 } });
  const { t } = useTranslation();
  usePortalPage(t('home.pageTitle'));
  const welcome = usePortalWelcome();
  usePortalRealtime((e) => {
    if (e.type === 'share.revoked' || e.type === 'share.updated' || e.type === 'message.created') {
      shares.reload();
      documents.reload();
    }
  });
  return (
    <main className="portal-home">
      <h1>{t('home.heading')}</h1>
      {welcome.open && <WelcomeCard onClose={welcome.close} focus={welcome.moved} />}
      <div className="home-columns">
        <section className="card home-section" aria-labelledby="home-conversations">
          <h2 id="home-conversations">{t('home.conversations')}</h2>
          <ConversationList
            items={inbox?.conversations?.items}
            error={inbox?.error}
            onRetry={() => inbox?.reload()}
          />
        </section>
        <section className="card home-section" aria-labelledby="home-shared">
          <h2 id="home-shared">{t('home.shared')}</h2>
          <SharedList
            shares={shares.data?.items}
            documents={documents.data?.items}
            error={shares.error ?? documents.error}
            onRetry={() => {
              shares.reload();
              documents.reload();
            }}
          />
        </section>
      </div>
      <PortalHelp
        welcomeOpen={welcome.open}
        onReopen={welcome.reopen}
        focus={welcome.moved && !welcome.open}
      />
    </main>
  );
}
