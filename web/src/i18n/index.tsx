/** UI language: 简体中文 by default, English on request; the choice is kept in localStorage. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isMessageKey, translate, type Locale, type Translate } from './messages';

export { isMessageKey, type Locale, type MessageKey, type Translate } from './messages';
const STORAGE_KEY = 'tenderhall.locale';

/** The platform's time zone: every time is shown as Beijing time, whatever the browser's zone. */
const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}


/** Enum families with translated labels (`projectStatus.PUBLISHED` …). */
export type LabelPrefix =
  | 'role'
  | 'organisationKind'
  | 'auditOutcome'
  | 'certificateUsage'
  | 'certificateStatus'
  | 'projectKind'
  | 'projectStatus'
  | 'announcementKind'
  | 'deadlineLight'
  | 'drawStatus'
  | 'seatStatus'
  | 'expertStatus'
  | 'relationKind'
  | 'scheduleField'
  | 'scheduleRule'
  | 'notificationKind'
  | 'transitionEvent'
  | 'method'
  | 'projectError'
  | 'bidStatus'
  | 'hallStatus'
  | 'hallEvent'
  | 'hallDecryption'
  | 'hallOutcome'
  | 'hallSeverity'
  | 'hallFlag'
  | 'hallError'
  | 'evalStatus'
  | 'evalError'
  | 'sheetProblem';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** Label of an enum value (`role.ADMIN`), or the raw value when the dictionaries do not know it. */
  label(prefix: LabelPrefix, value: string): string;
  formatDateTime(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage may be disabled; the choice then lasts for this page only
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const dateTime = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: PLATFORM_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    const t: Translate = (key, params) => translate(locale, key, params);
    return {
      locale,
      setLocale,
      t,
      label: (prefix, value) => {
        const key = `${prefix}.${value}`;
        return isMessageKey(key) ? t(key) : value;
      },
      formatDateTime: (iso) => {
        if (!iso) return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
      },
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
