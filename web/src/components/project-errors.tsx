/** Typed errors of the project mutations: our wording for the code, then the server's precise reason. */
import type { ReactNode } from 'react';
import type { ProjectError } from '../graphql/projects';
import { isMessageKey, useI18n } from '../i18n';

export function useProjectErrorText(): (error: ProjectError) => ReactNode {
  const { t, locale } = useI18n();
  return (error) => {
    const key = `projectError.${error.code}`;
    if (!isMessageKey(key)) return error.message;
    if (locale === 'en' && error.code !== 'SCHEDULE_INVALID') return error.message;
    return (
      <>
        {t(key)} <span className="field-error-detail">{error.message}</span>
      </>
    );
  };
}

/** Errors for one input field, or null. */
export function errorsFor(errors: ProjectError[], field: string, describe: (error: ProjectError) => ReactNode): ReactNode {
  const matching = errors.filter((e) => e.field === field);
  return matching.length ? matching.map((e, i) => <span key={`${e.code}-${i}`}>{describe(e)} </span>) : null;
}
