import { Link } from 'react-router';
import { PortalHeader, usePortalPage } from './branding';
import { guideTexts as t } from './guide-texts';
import { usePortalSession } from './session';
import './guide.css';

/**
 * /portal/guide, open before sign-in: how the portal works, one short section a task, each with a
 * picture of the real screen (web/public/guide/, made by e2e/guide-screens.ts), in the firm's brand.
 */
export function Guide() {
  const { me, signOut } = usePortalSession();
  const branding = usePortalPage(t.pageTitle);
  const firm = branding?.firmName;
  return (
    <>
      <PortalHeader onSignOut={me ? () => void signOut() : undefined} />
      <main className="guide">
        <h1>{t.heading(firm)}</h1>
        <p className="guide-intro">{t.intro(firm)}</p>
        <nav aria-label={t.contentsLabel} className="card guide-contents">
          <h2 className="guide-contents-title">{t.contentsLabel}</h2>
          <ol>
            {t.sections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{s.title}</a>
              </li>
            ))}
          </ol>
        </nav>
        {t.sections.map((s, i) => (
          <section key={s.id} id={s.id} className="card guide-section" aria-labelledby={`${s.id}-title`}>
            <div className="guide-text">
              <h2 id={`${s.id}-title`}>
                <span className="guide-number" aria-hidden="true">
                  {i + 1}
                </span>
                {s.title}
              </h2>
              {s.paragraphs.map((p) => (
                <p key={p}>{p}</p>
              ))}
              {s.steps && (
                <ol className="guide-steps">
                  {s.steps.map((step) => (
                    <li key={step}>{step}</li>
                  ))}
                </ol>
              )}
            </div>
            <img
              className="guide-picture"
              src={s.picture.src}
              alt={s.picture.alt}
              width={s.picture.width}
              height={s.picture.height}
              loading={i < 2 ? 'eager' : 'lazy'}
            />
          </section>
        ))}
        <p className="guide-help">{t.help(firm)}</p>
        <p>
          <Link to="/portal" className="button">
            {me ? t.homeLink : t.signInLink}
          </Link>
        </p>
      </main>
    </>
  );
}
