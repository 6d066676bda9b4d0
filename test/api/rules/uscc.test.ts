import { usccCheckCharacter, usccProblem } from '../../../api/src/modules/identity/uscc';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  test.each([
    // code                    → problem
    ['91350100M000100Y43', null], // the example printed in the standard's guidance
    ['12350100MB0000001Y', null],
    ['91350100MA00000054', null],
    ['91350100M000100Y44', 'CHECK_CHARACTER'], // one wrong check character
    ['91350100M000100Y4', 'LENGTH'],
    ['91350100M000100Y433', 'LENGTH'],
    ['91350100M00O100Y43', 'CHARACTER'], // letter O is not in the alphabet
    ['91350100M000100y43', 'CHARACTER'], // lower case is normalised by the caller, not here
    ['91A50100M000100Y43', 'REGION'],
  ])('%s → %s', (code, problem) => {
    expect(usccProblem(code)).toBe(problem);
  });

  test('every single-character typo in the body is caught by the check character', () => {
    const valid = '91350100M000100Y43';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === valid[i]) continue;
        const typo = valid.slice(0, i) + ch + valid.slice(i + 1);
        if (usccProblem(typo) === 'REGION') continue;
        expect(usccProblem(typo)).toBe('CHECK_CHARACTER');
      }
    }
    expect(usccCheckCharacter(valid.slice(0, 17))).toBe('3');
  });
});
