/**
 * A platform-made reason (failure of a project) in the reader's language, from its stable code and
 * facts; the raw text when the code is unknown, when the facts do not fill the sentence, or for a
 * cancellation (CANCELLED: the tenderee's own words, shown as typed).
 */
import { formatYuan } from '../lib/documents';
import { isMessageKey, type Translate } from './messages';

export function reasonText(t: Translate, code: string | null | undefined, params: Record<string, unknown> | null | undefined, raw: string | null): string | null {
  const key = `project.reason.${code}`;
  if (!code || code === 'CANCELLED' || !isMessageKey(key)) return raw;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) if (typeof value === 'string' || typeof value === 'number') values[name] = value;
  if (typeof values.highestQuote === 'string') values.highestQuote = formatYuan(values.highestQuote);
  const stageKey = `project.reasonStage.${String(values.stage)}`;
  values.stage = isMessageKey(stageKey) ? t(stageKey) : '';
  const text = t(key, values);
  return /\{\w+\}/.test(text) ? raw : text;
}

