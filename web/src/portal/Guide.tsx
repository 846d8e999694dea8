import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PortalHeader, usePortalPage } from './branding';
import { guideSections } from './guide-texts';
import { catalogue } from './i18n/i18n';
import { usePortalSession } from './session';
import './guide.css';

/**
 * /portal/guide, open before sign-in: how the portal works, one short section a task, each with a
 * picture of the real screen (web/public/guide/, made by e2e/guide-screens.ts), in the firm's brand
 * and the portal's language.
 */
export function Guide() {
  const { me, signOut } = usePortalSession();
  const { t } = useTranslation();
  const branding = usePortalPage(t('guide.pageTitle'));
  const firm = branding?.firmName;
  const named = firm ?? t('common.yourLawFirm');
  const words = catalogue().guideSections;
  return (
    <>
      <PortalHeader onSignOut={me ? () => void signOut() : undefined} />
      <main className="guide">
        <h1>{firm ? t('guide.headingFirm', { firm }) : t('guide.heading')}</h1>
        <p className="guide-intro">{t('guide.intro', { firm: named })}</p>
        <nav aria-label={t('guide.contents')} className="card guide-contents">
          <h2 className="guide-contents-title">{t('guide.contents')}</h2>
          <ol>
            {guideSections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{words[s.id].title}</a>
              </li>
            ))}
          </ol>
        </nav>
        {guideSections.map((s, i) => {
          const w = words[s.id];
          return (
            <section key={s.id} id={s.id} className="card guide-section" aria-labelledby={`${s.id}-title`}>
              <div className="guide-text">
                <h2 id={`${s.id}-title`}>
                  <span className="guide-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  {w.title}
                </h2>
                {w.paragraphs.map((p) => (
                  <p key={p}>{p}</p>
                ))}
                {w.steps.length > 0 && (
                  <ol className="guide-steps">
                    {w.steps.map((step) => (
                      <li key={step}>{step}</li>
                    ))}
                  </ol>
                )}
              </div>
              <img
                className="guide-picture"
                src={s.picture.src}
                alt={w.alt}
                width={s.picture.width}
                height={s.picture.height}
                loading={i < 2 ? 'eager' : 'lazy'}
              />
            </section>
          );
        })}
        <p className="guide-help">{t('guide.help', { firm: named })}</p>
        <p>
          <Link to="/portal" className="button">
            {me ? t('guide.homeLink') : t('guide.signInLink')}
          </Link>
        </p>
      </main>
    </>
  );
}
