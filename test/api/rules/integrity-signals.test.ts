import {
  MIN_DOCUMENT_BYTES,
  openedSignals,
  submissionSignals,
  type IntegrityFlag,
  type OpenedFacts,
  type SignalOptions,
  type SubmissionFacts,
} from '../../../api/src/modules/opening/rules/integrity-signals';

const NAMES: Record<string, string> = { A: '甲建设有限公司', B: '乙工程有限公司', C: '丙建筑集团', D: '丁市政公司' };
const ORGS = Object.keys(NAMES);
const deadline = new Date('2026-12-15T09:30:00+08:00');
/** seconds before the deadline */
const before = (s: number) => new Date(deadline.getTime() - s * 1000);

let seq = 0;
/** by default every organisation has its own network, client, certificate, and submits 10 minutes after the previous one */
const sub = (org: string, over: Partial<SubmissionFacts> = {}): SubmissionFacts => {
  const i = ORGS.indexOf(org);
  return {
    bidId: `bid-${org}-${++seq}`,
    organisationId: `org-${org}`,
    organisationName: NAMES[org],
    clientIp: `172.16.${i + 1}.10`,
    userAgent: `TenderhallBidClient/4.1 (${org})`,
    signerFingerprint: `${org}${org}`.toLowerCase().repeat(16),
    uploadStartedAt: before(3600 - i * 600 + 120),
    submittedAt: before(3600 - i * 600),
    ...over,
  };
};
const opened = (org: string, price: string | null, files: OpenedFacts['files'] = []): OpenedFacts => ({
  bidId: `bid-${org}-${++seq}`,
  organisationId: `org-${org}`,
  organisationName: NAMES[org],
  price,
  files,
});
const file = (name: string, hashChar: string, size = 48_213) => ({ name, sha256: hashChar.repeat(64), size });

type Row = [kind: string, severity: string, organisations: string];
const summary = (flags: IntegrityFlag[]): Row[] => flags.map((f) => [f.kind, f.severity, f.organisationIds.map((id) => id.replace('org-', '')).join('')]);
const namesEveryOrganisation = (flags: IntegrityFlag[]) => {
  for (const f of flags) for (const id of f.organisationIds) expect(f.explanation).toContain(NAMES[id.replace('org-', '')]);
};

describe('submissionSignals (before decryption)', () => {
  test.each<[string, SubmissionFacts[], SignalOptions, Row[]]>([
    // case                                                       bids                                                                                       options  → flags [kind, severity, organisations]
    ['nothing shared', [sub('A'), sub('B'), sub('C')], {}, []],

    // SAME_IP
    ['two organisations, one IP', [sub('A', { clientIp: '10.0.0.7' }), sub('B', { clientIp: '10.0.0.7' }), sub('C')], {}, [['SAME_IP', 'ALERT', 'AB']]],
    ['three organisations, one IP → one flag, not three pairs', [sub('A', { clientIp: '10.0.0.7' }), sub('B', { clientIp: '10.0.0.7' }), sub('C', { clientIp: '10.0.0.7' })], {}, [['SAME_IP', 'ALERT', 'ABC']]],
    ['the same organisation twice from one IP', [sub('A', { clientIp: '10.0.0.7' }), sub('A', { clientIp: '10.0.0.7' }), sub('B')], {}, []],
    ['null IPs are not "the same IP"', [sub('A', { clientIp: null }), sub('B', { clientIp: null }), sub('C', { clientIp: null })], {}, []],
    ['IPv4-mapped IPv6 is the same address', [sub('A', { clientIp: '::ffff:10.0.0.7' }), sub('B', { clientIp: ' 10.0.0.7 ' })], {}, [['SAME_IP', 'ALERT', 'AB']]],
    ['two groups on two IPs → two flags', [sub('D', { clientIp: '10.0.9.1' }), sub('C', { clientIp: '10.0.9.1' }), sub('B', { clientIp: '10.0.0.7' }), sub('A', { clientIp: '10.0.0.7' })], {}, [['SAME_IP', 'ALERT', 'AB'], ['SAME_IP', 'ALERT', 'CD']]],

    // SAME_CERTIFICATE
    ['two organisations, one certificate', [sub('A', { signerFingerprint: 'AB:CD:EF:01' }), sub('B', { signerFingerprint: 'abcdef01' }), sub('C')], {}, [['SAME_CERTIFICATE', 'ALERT', 'AB']]],
    ['the same organisation signs two bids', [sub('A', { signerFingerprint: 'abcdef01' }), sub('A', { signerFingerprint: 'abcdef01' }), sub('B')], {}, []],
    ['empty fingerprints do not match', [sub('A', { signerFingerprint: '' }), sub('B', { signerFingerprint: ' ' })], {}, []],

    // SAME_USER_AGENT_BURST
    ['same client, submitted 30 s apart', [sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('B', { userAgent: 'UA-X', submittedAt: before(70) })], {}, [['SAME_USER_AGENT_BURST', 'WARNING', 'AB']]],
    ['same client, submitted 60 s apart (inclusive)', [sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('B', { userAgent: 'UA-X', submittedAt: before(40) })], {}, [['SAME_USER_AGENT_BURST', 'WARNING', 'AB']]],
    ['same client, submitted 61 s apart', [sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('B', { userAgent: 'UA-X', submittedAt: before(39) })], {}, []],
    ['61 s apart with burstSeconds 90', [sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('B', { userAgent: 'UA-X', submittedAt: before(39) })], { burstSeconds: 90 }, [['SAME_USER_AGENT_BURST', 'WARNING', 'AB']]],
    ['a chain 0 s / 50 s / 100 s → one burst of three', [sub('C', { userAgent: 'UA-X', submittedAt: before(100) }), sub('A', { userAgent: 'UA-X', submittedAt: before(200) }), sub('B', { userAgent: 'UA-X', submittedAt: before(150) })], {}, [['SAME_USER_AGENT_BURST', 'WARNING', 'ABC']]],
    ['different clients 10 s apart', [sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('B', { userAgent: 'UA-Y', submittedAt: before(90) })], {}, []],
    ['null user agents 10 s apart', [sub('A', { userAgent: null, submittedAt: before(100) }), sub('B', { userAgent: null, submittedAt: before(90) })], {}, []],
    ['the same organisation twice within 10 s', [sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('A', { userAgent: 'UA-X', submittedAt: before(90) }), sub('B', { userAgent: 'UA-X' })], {}, []],

    // UPLOAD_BURST
    ['neighbouring IPs in one /24, uploads started 20 s apart', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: before(300) }), sub('B', { clientIp: '10.0.0.8', uploadStartedAt: before(280) })], {}, [['UPLOAD_BURST', 'WARNING', 'AB']]],
    ['upload start counts, not completion', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: before(3000), submittedAt: before(100) }), sub('B', { clientIp: '10.0.0.8', uploadStartedAt: before(2990), submittedAt: before(2000) })], {}, [['UPLOAD_BURST', 'WARNING', 'AB']]],
    ['no upload start recorded → completion time', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: null, submittedAt: before(100) }), sub('B', { clientIp: '10.0.0.8', uploadStartedAt: null, submittedAt: before(90) })], {}, [['UPLOAD_BURST', 'WARNING', 'AB']]],
    ['another /24, 20 s apart', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: before(300) }), sub('B', { clientIp: '10.0.1.7', uploadStartedAt: before(280) })], {}, []],
    ['one /24, 2 minutes apart', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: before(300) }), sub('B', { clientIp: '10.0.0.8', uploadStartedAt: before(180) })], {}, []],
    ['one single IP in a burst is SAME_IP only', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: before(300) }), sub('B', { clientIp: '10.0.0.7', uploadStartedAt: before(290) })], {}, [['SAME_IP', 'ALERT', 'AB']]],
    ['IPv6 in one /64', [sub('A', { clientIp: '2001:db8:0:1::10', uploadStartedAt: before(300) }), sub('B', { clientIp: '2001:0db8:0000:0001:0:0:0:11', uploadStartedAt: before(290) })], {}, [['UPLOAD_BURST', 'WARNING', 'AB']]],
    ['the same organisation twice on one /24', [sub('A', { clientIp: '10.0.0.7', uploadStartedAt: before(300) }), sub('A', { clientIp: '10.0.0.8', uploadStartedAt: before(290) })], {}, []],

    // all together, in kind order
    [
      'one office doing everything',
      [
        sub('B', { clientIp: '10.0.0.7', userAgent: 'UA-X', signerFingerprint: 'ffff', uploadStartedAt: before(320), submittedAt: before(300) }),
        sub('A', { clientIp: '10.0.0.7', userAgent: 'UA-X', signerFingerprint: 'ffff', uploadStartedAt: before(330), submittedAt: before(310) }),
        sub('C', { clientIp: '10.0.0.9', userAgent: 'UA-Z', uploadStartedAt: before(325), submittedAt: before(305) }),
      ],
      {},
      [['SAME_IP', 'ALERT', 'AB'], ['SAME_CERTIFICATE', 'ALERT', 'AB'], ['SAME_USER_AGENT_BURST', 'WARNING', 'AB'], ['UPLOAD_BURST', 'WARNING', 'ABC']],
    ],
  ])('%s', (_case, bids, options, expected) => {
    const flags = submissionSignals(bids, options);
    expect(summary(flags)).toEqual(expected);
    namesEveryOrganisation(flags);
  });

  test('the explanation names the organisations and the IP', () => {
    const [flag] = submissionSignals([sub('B', { clientIp: '10.0.0.7' }), sub('A', { clientIp: '10.0.0.7' })]);
    expect(flag.explanation).toBe('甲建设有限公司、乙工程有限公司的投标文件从同一 IP 地址 10.0.0.7 上传。');
    expect(flag.organisationIds).toEqual(['org-A', 'org-B']);
  });

  test('two organisations sharing two IPs get one flag listing both', () => {
    const flags = submissionSignals([sub('A', { clientIp: '10.0.0.7' }), sub('B', { clientIp: '10.0.0.7' }), sub('A', { clientIp: '10.9.9.9' }), sub('B', { clientIp: '10.9.9.9' })]);
    expect(flags).toHaveLength(1);
    expect(flags[0].evidence.ips).toEqual(['10.0.0.7', '10.9.9.9']);
    expect(flags[0].evidence.bids).toHaveLength(4);
  });

  test('burst evidence: user agent, times and span', () => {
    const [flag] = submissionSignals([sub('A', { userAgent: 'UA-X', submittedAt: before(100) }), sub('B', { userAgent: 'UA-X', submittedAt: before(70) })]);
    expect(flag.evidence).toMatchObject({ userAgent: 'UA-X', burstSeconds: 60, spanSeconds: 30, firstAt: before(100).toISOString(), lastAt: before(70).toISOString() });
    expect(flag.explanation).toContain('30 秒内');
    expect(flag.explanation).toContain('09:28:20 至 09:28:50'); // Beijing time
  });

  test('deterministic: any input order gives the same flags', () => {
    const bids = [
      sub('A', { clientIp: '10.0.0.7', userAgent: 'UA-X', submittedAt: before(310) }),
      sub('B', { clientIp: '10.0.0.7', userAgent: 'UA-X', submittedAt: before(300), signerFingerprint: 'ee' }),
      sub('C', { clientIp: '10.0.0.8', signerFingerprint: 'ee', uploadStartedAt: before(330) }),
      sub('D', { clientIp: '10.0.9.1', userAgent: 'UA-X', submittedAt: before(1000) }),
    ];
    const expected = submissionSignals(bids);
    expect(expected.length).toBeGreaterThan(2);
    for (const order of [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) expect(submissionSignals(order.map((i) => bids[i]))).toEqual(expected);
  });
});

describe('openedSignals (after decryption)', () => {
  test.each<[string, OpenedFacts[], SignalOptions, Row[]]>([
    ['nothing in common', [opened('A', '1234567.89', [file('报价.pdf', 'a')]), opened('B', '1387654.32', [file('报价.pdf', 'b')]), opened('C', '1512345.67', [file('技术.pdf', 'c')])], {}, []],

    // SAME_DOCUMENT
    ['one file in two organisations’ bids', [opened('A', null, [file('施工组织设计.docx', 'a')]), opened('B', null, [file('技术方案.docx', 'a')]), opened('C', null, [file('x.pdf', 'c')])], {}, [['SAME_DOCUMENT', 'ALERT', 'AB']]],
    ['hash compared case-insensitively', [opened('A', null, [file('a.pdf', 'a')]), opened('B', null, [file('b.pdf', 'A')])], {}, [['SAME_DOCUMENT', 'ALERT', 'AB']]],
    ['three organisations, one file → one flag', [opened('A', null, [file('a.pdf', 'a')]), opened('B', null, [file('b.pdf', 'a')]), opened('C', null, [file('c.pdf', 'a')])], {}, [['SAME_DOCUMENT', 'ALERT', 'ABC']]],
    ['the same organisation, the same file twice', [opened('A', null, [file('a.pdf', 'a'), file('a-copy.pdf', 'a')]), opened('A', null, [file('a.pdf', 'a')]), opened('B', null, [file('b.pdf', 'b')])], {}, []],
    ['a tiny file (1023 bytes) is ignored', [opened('A', null, [file('无.txt', 'a', MIN_DOCUMENT_BYTES - 1)]), opened('B', null, [file('无.txt', 'a', MIN_DOCUMENT_BYTES - 1)])], {}, []],
    ['an empty file is ignored', [opened('A', null, [file('empty', 'e', 0)]), opened('B', null, [file('empty', 'e', 0)])], {}, []],
    ['1 KiB exactly counts', [opened('A', null, [file('a.txt', 'a', MIN_DOCUMENT_BYTES)]), opened('B', null, [file('b.txt', 'a', MIN_DOCUMENT_BYTES)])], {}, [['SAME_DOCUMENT', 'ALERT', 'AB']]],

    // IDENTICAL_PRICES
    ['the same price to the fen', [opened('A', '1234567.89'), opened('B', '1234567.89'), opened('C', '1500000.00')], {}, [['IDENTICAL_PRICES', 'ALERT', 'AB']]],
    ['"1234567.8" = "1234567.80"', [opened('A', '1234567.8'), opened('B', '1234567.80')], {}, [['IDENTICAL_PRICES', 'ALERT', 'AB']]],
    ['the same round price (whole ¥10,000) is a warning', [opened('A', '1230000.00'), opened('B', '1230000'), opened('C', '1500000.00')], {}, [['IDENTICAL_PRICES', 'WARNING', 'AB']]],
    ['one fen apart', [opened('A', '1234567.89'), opened('B', '1234567.90')], {}, []],
    ['the same organisation twice at one price', [opened('A', '1234567.89'), opened('A', '1234567.89'), opened('B', '1500000.00')], {}, []],
    ['null prices are not identical', [opened('A', null), opened('B', null), opened('C', null)], {}, []],
    ['all three identical → IDENTICAL_PRICES, not also PRICES_CLUSTERED', [opened('A', '1234567.89'), opened('B', '1234567.89'), opened('C', '1234567.89')], {}, [['IDENTICAL_PRICES', 'ALERT', 'ABC']]],

    // REGULAR_PRICE_STEPS
    ['equal differences', [opened('C', '1000000.00'), opened('A', '980000.00'), opened('B', '990000.00')], {}, [['REGULAR_PRICE_STEPS', 'WARNING', 'ABC']]],
    ['equal differences with fen', [opened('A', '987654.32'), opened('B', '999999.99'), opened('C', '1012345.66')], {}, [['REGULAR_PRICE_STEPS', 'WARNING', 'ABC']]],
    ['differences one fen apart', [opened('A', '980000.00'), opened('B', '990000.01'), opened('C', '1000000.00')], {}, []],
    ['equal ratios: +2 % each', [opened('A', '1000000.00'), opened('B', '1020000.00'), opened('C', '1040400.00')], {}, [['REGULAR_PRICE_STEPS', 'WARNING', 'ABC']]],
    ['equal ratios after rounding to the fen: +3 % each', [opened('A', '1234567.89'), opened('B', '1271604.93'), opened('C', '1309753.08')], {}, [['REGULAR_PRICE_STEPS', 'WARNING', 'ABC']]],
    ['ratios +2.000 % and +2.001 %', [opened('A', '1000000.00'), opened('B', '1020000.00'), opened('C', '1040410.20')], {}, []],
    ['a regular run inside more bids', [opened('A', '900000.00'), opened('B', '1000000.00'), opened('C', '1100000.00'), opened('D', '1234567.89')], {}, [['REGULAR_PRICE_STEPS', 'WARNING', 'ABC']]],
    ['only two in step', [opened('A', '900000.00'), opened('B', '1000000.00'), opened('C', '1234567.89')], {}, []],
    ['two of the three from one organisation', [opened('A', '980000.00'), opened('A', '990000.00'), opened('B', '1000000.00')], {}, []],
    ['minRegularBids 4: a run of three is not enough', [opened('A', '980000.00'), opened('B', '990000.00'), opened('C', '1000000.00'), opened('D', '1234567.89')], { minRegularBids: 4 }, []],
    ['minRegularBids 4: a run of four', [opened('A', '970000.00'), opened('B', '980000.00'), opened('C', '990000.00'), opened('D', '1000000.00')], { minRegularBids: 4 }, [['REGULAR_PRICE_STEPS', 'WARNING', 'ABCD']]],
    ['minRegularBids below 3 counts as 3', [opened('A', '980000.00'), opened('B', '1234567.89')], { minRegularBids: 2 }, []],
    ['prices within 0.05 % are clustered, not "regular" (ratios all ≈ 1.000)', [opened('A', '1000000.00'), opened('B', '1000150.00'), opened('C', '1000310.00')], {}, [['PRICES_CLUSTERED', 'WARNING', 'ABC']]],

    // PRICES_CLUSTERED
    ['all within 0.5 % of the mean', [opened('A', '1000000.00'), opened('B', '1004000.00'), opened('C', '998000.00')], {}, [['PRICES_CLUSTERED', 'WARNING', 'ABC']]],
    ['exactly 0.5 % from the mean', [opened('A', '995000.00'), opened('B', '1005000.00'), opened('C', '1001000.00'), opened('D', '999000.00')], {}, [['PRICES_CLUSTERED', 'WARNING', 'ABCD']]],
    ['0.501 % from the mean', [opened('A', '994990.00'), opened('B', '1005010.00'), opened('C', '1001000.00'), opened('D', '999000.00')], {}, []],
    ['one price 0.86 % away', [opened('A', '1000000.00'), opened('B', '1012000.00'), opened('C', '998000.00')], {}, []],
    ['one price 0.86 % away, clusterPercent 1', [opened('A', '1000000.00'), opened('B', '1012000.00'), opened('C', '998000.00')], { clusterPercent: 1 }, [['PRICES_CLUSTERED', 'WARNING', 'ABC']]],
    ['only two organisations priced', [opened('A', '1000000.00'), opened('B', '1001000.00'), opened('C', null)], {}, []],
    ['two bids of one organisation do not make three', [opened('A', '1000000.00'), opened('A', '1002000.00'), opened('B', '1001000.00')], {}, []],
  ])('%s', (_case, bids, options, expected) => {
    const flags = openedSignals(bids, options);
    expect(summary(flags)).toEqual(expected);
    namesEveryOrganisation(flags);
  });

  test('shared files: one flag per group of organisations, every file with each bidder’s name for it', () => {
    const flags = openedSignals([
      opened('B', null, [file('技术标.pdf', 'a'), file('商务标.pdf', 'b'), file('资质.pdf', 'c')]),
      opened('A', null, [file('商务标(1).pdf', 'b'), file('技术标.pdf', 'a'), file('资质.pdf', 'd')]),
    ]);
    expect(flags).toHaveLength(1);
    expect(flags[0].evidence.files).toEqual([
      { sha256: 'a'.repeat(64), size: 48_213, names: [{ organisationId: 'org-A', bidId: expect.any(String), name: '技术标.pdf' }, { organisationId: 'org-B', bidId: expect.any(String), name: '技术标.pdf' }] },
      { sha256: 'b'.repeat(64), size: 48_213, names: [{ organisationId: 'org-A', bidId: expect.any(String), name: '商务标(1).pdf' }, { organisationId: 'org-B', bidId: expect.any(String), name: '商务标.pdf' }] },
    ]);
    expect(flags[0].explanation).toMatch(/^甲建设有限公司、乙工程有限公司的投标文件中有 2 个文件完全相同（.*技术标\.pdf.*）。$/);
  });

  test('evidence of a regular difference and a regular ratio', () => {
    const [diff] = openedSignals([opened('A', '987654.32'), opened('B', '999999.99'), opened('C', '1012345.66')]);
    expect(diff.evidence).toMatchObject({ mode: 'DIFFERENCE', step: '12345.67', prices: [{ price: '987654.32' }, { price: '999999.99' }, { price: '1012345.66' }] });
    expect(diff.explanation).toContain('相差 12,345.67 元');
    const [ratio] = openedSignals([opened('A', '1234567.89'), opened('B', '1271604.93'), opened('C', '1309753.08')]);
    expect(ratio.evidence).toMatchObject({ mode: 'RATIO', step: '3.000%' });
  });

  test('identical-price and cluster evidence in exact decimal (no float error)', () => {
    const [same] = openedSignals([opened('A', '0.1'), opened('B', '0.10')]);
    expect(same.evidence).toMatchObject({ price: '0.10' });
    const [cluster] = openedSignals([opened('A', '1000000.01'), opened('B', '1000000.02'), opened('C', '1000000.04')]);
    expect(cluster.kind).toBe('PRICES_CLUSTERED');
    expect(cluster.evidence).toMatchObject({ mean: '1000000.02', maxDeviationPercent: '0.000' });
  });

  test.each(['abc', '1.234', '-5.00', '1,000.00', '1e6', ''])('a malformed price %p is refused', (price) => {
    expect(() => openedSignals([opened('A', price), opened('B', '1.00')])).toThrow(RangeError);
  });

  test('deterministic: any input order gives the same flags, sorted by kind then organisations', () => {
    const bids = [
      opened('D', '1000000.00', [file('d.pdf', 'a')]),
      opened('C', '1000000.00', [file('c.pdf', 'a')]),
      opened('B', '1002000.00', [file('b.pdf', 'b')]),
      opened('A', '1001000.00', [file('a.pdf', 'b')]),
    ];
    const expected = openedSignals(bids);
    expect(summary(expected)).toEqual([
      ['SAME_DOCUMENT', 'ALERT', 'AB'],
      ['SAME_DOCUMENT', 'ALERT', 'CD'],
      ['IDENTICAL_PRICES', 'WARNING', 'CD'],
      ['REGULAR_PRICE_STEPS', 'WARNING', 'ABCD'],
      ['PRICES_CLUSTERED', 'WARNING', 'ABCD'],
    ]);
    for (const order of [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) expect(openedSignals(order.map((i) => bids[i]))).toEqual(expected);
  });
});
