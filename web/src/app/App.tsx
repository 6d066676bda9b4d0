/** The shell: language, session (and its GraphQL client), layout, and the page for the current path. */
import { useEffect, useRef } from 'react';
import { SessionProvider, useSession } from '../auth/session';
import { EmptyState, Loading } from '../components/status';
import { I18nProvider, useI18n } from '../i18n';
import { Layout } from './Layout';
import { ServerTimeProvider } from './ServerClock';
import { Link, matchPath, navigate, safeLocalPath, useLocation } from './router';
import { mayOpen, ROUTES, type AppRoute } from './routes';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <ServerTimeProvider>
          <Layout>
            <CurrentPage />
          </Layout>
        </ServerTimeProvider>
      </SessionProvider>
    </I18nProvider>
  );
}

function findRoute(path: string): { route: AppRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function CurrentPage() {
  const { t } = useI18n();
  const session = useSession();
  const { path, query } = useLocation();
  const found = findRoute(path);
  useFocusOnNavigation(path);

  const titleKey = found ? found.route.title : 'error.notFoundTitle';
  useEffect(() => {
    document.title = `${t(titleKey)} · ${t('app.title')}`;
  }, [titleKey, t]);

  if (!found) {
    return (
      <section>
        <h1>{t('error.notFoundTitle')}</h1>
        <EmptyState title={t('error.notFoundBody')}>
          <Link to="/">{t('app.home')}</Link>
        </EmptyState>
      </section>
    );
  }
  const { route, params } = found;
  if (route.access === 'public') return <>{route.render(params)}</>;

  if (session.status === 'restoring') {
    if (session.restoreFailed) {
      return (
        <div className="status status-error" role="alert">
          <p>{t('error.network')}</p>
          <button type="button" className="button-secondary" onClick={session.retryRestore}>
            {t('common.retry')}
          </button>
        </div>
      );
    }
    return <Loading />;
  }
  if (route.access === 'guest') {
    if (session.user) return <Redirect to={safeLocalPath(query.get('next')) ?? '/'} />;
    return <>{route.render(params)}</>;
  }
  if (!session.user) return <Redirect to={`/login?next=${encodeURIComponent(path)}`} />;
  if (!mayOpen(route.access, session.user)) {
    return (
      <section>
        <h1>{t('error.noAccessTitle')}</h1>
        <p className="status status-error" role="alert">
          {t('error.noAccessBody')}
        </p>
      </section>
    );
  }
  return <>{route.render(params)}</>;
}

/** After in-app navigation, move focus to the content so screen readers start at the new page. */
function useFocusOnNavigation(path: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
}
