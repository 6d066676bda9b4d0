/** The supervision pages side by side: 审计日志 and 期限亮灯 (one navigation item, two views). */
import { Link, useLocation } from '../../app/router';
import { useI18n } from '../../i18n';

const TABS = [
  { path: '/supervision/audit', title: 'nav.audit' },
  { path: '/supervision/lights', title: 'nav.lights' },
] as const;

export function SupervisionTabs() {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <nav className="subnav" aria-label={t('supervision.label')}>
      <ul>
        {TABS.map((tab) => (
          <li key={tab.path}>
            <Link to={tab.path} aria-current={path === tab.path ? 'page' : undefined}>
              {t(tab.title)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
