import { parseCsv, readExpertCsv } from '../../../api/src/modules/experts/rules/expert-csv';

const HEADER = 'code,name,username,employer_uscc,employer_name,region,title,years,specialties,status';

test('RFC 4180 fields: quotes, doubled quotes, commas and new lines inside quotes, CRLF', () => {
  expect(parseCsv('a,"b,c","d ""e""","f\ng"\r\nh,,i\n')).toEqual([['a', 'b,c', 'd "e"', 'f\ng'], ['h', '', 'i']]);
});

test('a good file gives one row per expert', () => {
  const { rows, errors } = readExpertCsv(`\uFEFF${HEADER}\nEXP-0001,王强,expert1,91350100M000100Y43,福州大学,350100,教授级高工,21,A080101;A0802,ACTIVE\n`);
  expect(errors).toEqual([]);
  expect(rows).toEqual([{ code: 'EXP-0001', name: '王强', username: 'expert1', employerUscc: '91350100M000100Y43', employerName: '福州大学', region: '350100', title: '教授级高工', years: 21, specialties: ['A080101', 'A0802'], status: 'ACTIVE' }]);
});

test('every wrong field is reported with its row, and no row is returned', () => {
  const text = [HEADER, 'EXP-0001,王强,,,大学,350100,高工,21,A080101,ACTIVE', 'EXP-0001,,,91350100M000100Y44,x,3501,x,-1,bad,RETIRED'].join('\n');
  const { rows, errors } = readExpertCsv(text);
  expect(rows).toEqual([]);
  expect(errors.map((e) => [e.row, e.column])).toEqual([
    [3, 'code'],
    [3, 'name'],
    [3, 'employer_uscc'],
    [3, 'region'],
    [3, 'years'],
    [3, 'specialties'],
    [3, 'status'],
  ]);
});

test('a user named on two rows is reported on the second, like a repeated code', () => {
  const text = [HEADER, 'EXP-0001,王强,expert1,,大学,350100,高工,21,A080101,ACTIVE', 'EXP-0002,李明,expert1,,大学,350100,高工,9,A080101,ACTIVE'].join('\n');
  const { rows, errors } = readExpertCsv(text);
  expect(rows).toEqual([]);
  expect(errors).toEqual([{ row: 3, column: 'username', message: 'The user expert1 appears twice in the file.' }]);
});

test('a header without the needed columns is refused', () => {
  expect(readExpertCsv('code,name\nEXP-0001,x').errors[0]).toMatchObject({ row: 1, message: expect.stringMatching(/header needs/) });
});
