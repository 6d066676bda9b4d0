/** The frame of every page: header (platform name, server time, language, user), role-aware navigation, footer. */
import type { ReactNode } from 'react';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { Link, matchPath, navigate, useLocation } from './router';
import { mayOpen, ROUTES } from './routes';
import { ServerClock } from './ServerClock';

export function Layout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale, label } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const user = session.user;
  const title = t('app.title');
  const mark = 'tenderhall';
  const name = title.endsWith(mark) ? title.slice(0, -mark.length).trimEnd() : title;

  const logout = () => {
    navigate('/');
    session.signOut('logout');
  };

  const items = ROUTES.filter((route) => route.nav && mayOpen(route.access, user));

  return (
    <div className="page">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <div className="brand">
            <Link to="/" className="brand-name">
              {name} <span className="brand-mark">{mark}</span>
            </Link>
            <p className="brand-sub">{t('app.subtitle')}</p>
          </div>
          <div className="header-tools">
            <ServerClock />
            <div className="header-actions">
              <button
                type="button"
                className="button-link"
                lang={locale === 'en' ? 'zh-CN' : 'en'}
                onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
              >
                {t('nav.switchLanguage')}
              </button>
              {user ? (
                <>
                  <span className="user">
                    <span className="user-name">
                      <span className="visually-hidden">{t('nav.signedInAs')}</span>
                      {user.displayName}
                    </span>
                    <span className="user-org">
                      {user.organisation.name} · {user.roles.map((role) => label('role', role)).join('、')}
                    </span>
                  </span>
                  <button type="button" className="button-light" onClick={logout}>
                    {t('nav.logout')}
                  </button>
                </>
              ) : (
                session.status === 'anonymous' &&
                path !== '/login' && (
                  <Link to="/login" className="button-light">
                    {t('nav.login')}
                  </Link>
                )
              )}
            </div>
          </div>
        </div>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            {items.map((route) => (
              <li key={route.path}>
                <Link to={route.path} aria-current={matchPath(route.path, path) ? 'page' : undefined}>
                  {t(route.title)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}
