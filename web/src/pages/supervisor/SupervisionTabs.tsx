/** The supervision pages side by side: 审计日志, 期限亮灯 and 开标监督 (one navigation item, three views). */
import { Link, useLocation } from '../../app/router';
import { useI18n } from '../../i18n';

const TABS = [
  { path: '/supervision/audit', title: 'nav.audit' },
  { path: '/supervision/lights', title: 'nav.lights' },
  { path: '/supervision/openings', title: 'hall.superviseTitle' },
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
