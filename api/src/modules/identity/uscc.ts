/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z); the 18th is a check character over the first 17 (weights 3^i mod 31).
 */
import { USCC_ALPHABET, usccCheckCharacter } from '../../../../crypto/pki/names';

export { usccCheckCharacter };

export type UsccProblem = 'LENGTH' | 'CHARACTER' | 'REGION' | 'CHECK_CHARACTER';

/** null when valid; otherwise what is wrong. Lower case is accepted and normalised by the caller. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!USCC_ALPHABET.includes(ch)) return 'CHARACTER';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'REGION';
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return 'CHECK_CHARACTER';
  return null;
}

export const USCC_PROBLEM_MESSAGES: Record<UsccProblem, string> = {
  LENGTH: '统一社会信用代码 must have exactly 18 characters.',
  CHARACTER: '统一社会信用代码 uses only digits and the capital letters A–Y except I, O, S, V, Z.',
  REGION: 'Characters 3–8 of a 统一社会信用代码 are the administrative division code (6 digits).',
  CHECK_CHARACTER: 'The check character (the 18th) of this 统一社会信用代码 is wrong: please check for a typing error.',
};
