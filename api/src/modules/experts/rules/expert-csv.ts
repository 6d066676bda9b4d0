/**
 * Expert pool import from CSV (pure): RFC 4180 fields, one expert per row, every problem reported with
 * its row number; the caller imports nothing when any row is wrong.
 */
import { usccProblem } from '../../identity/uscc';

export const EXPERT_CSV_COLUMNS = ['code', 'name', 'username', 'employer_uscc', 'employer_name', 'region', 'title', 'years', 'specialties', 'status'] as const;

export interface ExpertRow {
  code: string;
  name: string;
  username: string | null;
  employerUscc: string | null;
  employerName: string;
  region: string;
  title: string;
  years: number;
  specialties: string[];
  status: 'ACTIVE' | 'SUSPENDED' | 'BLACKLISTED';
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export function readExpertCsv(text: string): { rows: ExpertRow[]; errors: RowError[] } {
  const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''));
  const errors: RowError[] = [];
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = EXPERT_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (!header || missing.length) return { rows: [], errors: [{ row: 1, column: missing.join(',') || 'header', message: `The header needs the columns ${EXPERT_CSV_COLUMNS.join(', ')}.` }] };
  const rows: ExpertRow[] = [];
  const seen = new Set<string>();
  const usernames = new Set<string>();
  lines.forEach((fields, i) => {
    const rowNumber = i + 2;
    const get = (column: string) => (fields[names.indexOf(column)] ?? '').trim();
    const fail = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
    const code = get('code');
    if (!/^[A-Z]{2,5}-\d{4,8}$/.test(code)) fail('code', 'The expert code looks like EXP-0001.');
    else if (seen.has(code)) fail('code', `The code ${code} appears twice in the file.`);
    seen.add(code);
    if (!get('name')) fail('name', 'The name is required.');
    const username = get('username');
    if (username && usernames.has(username)) fail('username', `The user ${username} appears twice in the file.`);
    if (username) usernames.add(username);
    const uscc = get('employer_uscc').toUpperCase() || null;
    if (uscc && usccProblem(uscc)) fail('employer_uscc', 'This 统一社会信用代码 is not valid.');
    if (!/^\d{6}$/.test(get('region'))) fail('region', 'The region is a 6-digit administrative division code, e.g. 350100.');
    const years = Number(get('years'));
    if (!Number.isInteger(years) || years < 0 || years > 70) fail('years', 'Years of practice is a whole number from 0 to 70.');
    const specialties = get('specialties').split(/[;；]/).map((s) => s.trim()).filter(Boolean);
    if (!specialties.length || specialties.some((s) => !/^[A-Z]\d{2,8}$/.test(s))) fail('specialties', 'Specialties are codes like A080101, separated by semicolons.');
    const status = (get('status') || 'ACTIVE').toUpperCase();
    if (!['ACTIVE', 'SUSPENDED', 'BLACKLISTED'].includes(status)) fail('status', 'The status is ACTIVE, SUSPENDED or BLACKLISTED.');
    rows.push({ code, name: get('name'), username: username || null, employerUscc: uscc, employerName: get('employer_name'), region: get('region'), title: get('title'), years, specialties, status: status as ExpertRow['status'] });
  });
  return { rows: errors.length ? [] : rows, errors };
}
