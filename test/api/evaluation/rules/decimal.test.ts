import {
  abs, add, cmp, DecimalError, decimalPlaces, div, isDecimal, max, mean, median, min, mul, neg, normalize, roundHalfUp, sub, sum,
} from '../../../../api/src/modules/evaluation/rules/decimal';

test.each(['', '1.', '.5', '+1', '1e5', ' 1', '1 ', '1,000', 'abc', '--1', '1.2.3', '0x10', 'NaN', 'Infinity'])('rejects %j', (text) => {
  expect(isDecimal(text)).toBe(false);
  expect(() => normalize(text)).toThrow(DecimalError);
  expect(() => add(text, '1')).toThrow(DecimalError);
});

test('rejects what is not a string', () => {
  expect(isDecimal(1.5)).toBe(false);
  expect(() => add(1.5 as unknown as string, '1')).toThrow(DecimalError);
});

test.each([
  ['007.50', '7.5'],
  ['-0.0', '0'],
  ['-0.250', '-0.25'],
  ['1234.5', '1234.5'],
])('normalize(%s) = %s', (x, out) => expect(normalize(x)).toBe(out));

test.each([
  [add, '0.1', '0.2', '0.3'],
  [add, '-1.25', '1.25', '0'],
  [sub, '1', '1.25', '-0.25'],
  [sub, '100000000000000000000.01', '0.01', '100000000000000000000'],
  [mul, '1.5', '-0.2', '-0.3'],
  [mul, '9.09', '0.5', '4.545'],
])('%p(%s, %s) = %s exactly', (fn, a, b, out) => expect(fn(a, b)).toBe(out));

test.each([
  ['1', '3', 4, '0.3333'],
  ['2', '3', 2, '0.67'],
  ['-2', '3', 2, '-0.67'],
  ['2', '-3', 2, '-0.67'],
  ['1', '8', 2, '0.13'], // 0.125: a tie, rounds up
  ['1', '4', 0, '0'],
  ['1', '2', 0, '1'],
  ['10', '4', 3, '2.500'],
])('div(%s, %s, %d) = %s', (a, b, dp, out) => expect(div(a, b, dp)).toBe(out));

test('division by zero is an error', () => expect(() => div('1', '0.00')).toThrow(DecimalError));
test('places must be a whole number ≥ 0', () => {
  expect(() => div('1', '3', -1)).toThrow(DecimalError);
  expect(() => roundHalfUp('1', 1.5)).toThrow(DecimalError);
});

test.each([
  ['2.345', 2, '2.35'],
  ['2.344', 2, '2.34'],
  ['-2.345', 2, '-2.35'], // half away from zero
  ['1.005', 2, '1.01'], // a binary float says 1.00
  ['9.995', 2, '10.00'],
  ['5', 2, '5.00'],
  ['0.004', 2, '0.00'],
  ['-0.004', 2, '0.00'], // no "-0.00"
  ['65.455', 2, '65.46'],
  ['0.5', 0, '1'],
])('roundHalfUp(%s, %d) = %s', (x, dp, out) => expect(roundHalfUp(x, dp)).toBe(out));

test('comparisons ignore trailing zeros', () => {
  expect(cmp('1.50', '1.5')).toBe(0);
  expect(cmp('-1', '0.001')).toBe(-1);
  expect(cmp('10', '9.999')).toBe(1);
  expect(abs('-0.25')).toBe('0.25');
  expect(neg('0')).toBe('0');
  expect(decimalPlaces('1.230')).toBe(3);
});

test('min, max, sum, mean, median', () => {
  expect(min('3', '-1.5', '2')).toBe('-1.5');
  expect(max('3', '-1.5', '3.01')).toBe('3.01');
  expect(sum([])).toBe('0');
  expect(sum(['0.1', '0.2', '0.3'])).toBe('0.6');
  expect(mean(['1', '2', '2'], 2)).toBe('1.67');
  expect(mean(['10', '10.01'], 2)).toBe('10.01'); // 10.005, rounded once
  expect(median(['3', '1', '2'])).toBe('2');
  expect(median(['1', '2', '3', '4'])).toBe('2.5');
  expect(median(['1.01', '1.02'])).toBe('1.015');
  expect(() => mean([])).toThrow(DecimalError);
  expect(() => median([])).toThrow(DecimalError);
  expect(() => min()).toThrow(DecimalError);
});
