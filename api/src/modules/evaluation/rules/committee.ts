/**
 * The evaluation committee (DOMAIN rules 10, 12, 14): composition, electing the chair, extending the
 * evaluation period, and the outcome of signing the report. Integer arithmetic only.
 */
export type MemberKind = 'EXPERT' | 'TENDEREE_REP';
export type CommitteeProblem = 'TOO_SMALL' | 'EVEN_SIZE' | 'TOO_FEW_EXPERTS';

/**
 * The share as an exact fraction: procedure configs store 2/3 as the float 0.666…, so recover the
 * simplest fraction (denominator ≤ 1000) within 1e-9 by continued fractions.
 */
export function shareAsFraction(share: number): { num: number; den: number } {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`share must be in [0, 1], got ${share}`);
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let x = share;
  for (let i = 0; i < 20; i++) {
    const a = Math.floor(x);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > 1000) return { num: h0, den: k0 };
    if (Math.abs(h1 / k1 - share) < 1e-9 || x === a) return { num: h1, den: k1 };
    x = 1 / (x - a);
  }
  return { num: h1, den: k1 };
}

/** ceil(share × size) in integers: 2/3 of 5 → 4, of 7 → 5, of 9 → 6. */
export function minExperts(size: number, share: number): number {
  const { num, den } = shareAsFraction(share);
  return Math.floor((num * size + den - 1) / den);
}

export function committeeProblems(kinds: MemberKind[], rule: { minSize: number; expertShare: number }): CommitteeProblem[] {
  const problems: CommitteeProblem[] = [];
  if (kinds.length < rule.minSize) problems.push('TOO_SMALL');
  if (kinds.length % 2 === 0) problems.push('EVEN_SIZE');
  if (kinds.filter((k) => k === 'EXPERT').length < minExperts(kinds.length, rule.expertShare)) problems.push('TOO_FEW_EXPERTS');
  return problems;
}

/**
 * The chair needs a strict majority of all members (not of the votes cast). One vote per member, the
 * last one counts; votes by or for non-members are ignored.
 */
export function electedLeader(memberIds: string[], votes: { voter: string; candidate: string }[]): { leader: string | null; needed: number; counts: Record<string, number> } {
  const members = new Set(memberIds);
  const ballot = new Map<string, string>();
  for (const v of votes) if (members.has(v.voter) && members.has(v.candidate)) ballot.set(v.voter, v.candidate);
  const counts: Record<string, number> = {};
  for (const candidate of ballot.values()) counts[candidate] = (counts[candidate] ?? 0) + 1;
  const needed = Math.floor(members.size / 2) + 1;
  const leader = Object.keys(counts).find((c) => counts[c] >= needed) ?? null;
  return { leader, needed, counts };
}

/** rule 12: more than 1/3 of the members say the time is insufficient. */
export function extensionNeeded(members: number, sayInsufficient: number): boolean {
  return sayInsufficient * 3 > members;
}

export type SignatureAct = { memberId: string; act: 'SIGN' | 'DISSENT' | 'REFUSE'; reason: string | null };

/**
 * rule 14: every member must act. A dissent needs a written reason (without one it is not an act, the
 * member is still missing); refusing without a written reason counts as agreement. One act per
 * member, the last one counts; acts by non-members are ignored.
 */
export interface SignatureOutcome {
  complete: boolean;
  agreed: string[];
  dissenting: { memberId: string; reason: string }[];
  refusedWithReason: { memberId: string; reason: string }[];
  missing: string[];
}

export function reportSignatureOutcome(memberIds: string[], acts: SignatureAct[]): SignatureOutcome {
  const last = new Map<string, SignatureAct>();
  for (const a of acts) if (memberIds.includes(a.memberId)) last.set(a.memberId, a);
  const out: Omit<SignatureOutcome, 'complete'> = { agreed: [], dissenting: [], refusedWithReason: [], missing: [] };
  for (const memberId of memberIds) {
    const act = last.get(memberId);
    const reason = act?.reason?.trim() ?? '';
    if (!act) out.missing.push(memberId);
    else if (act.act === 'SIGN') out.agreed.push(memberId);
    else if (act.act === 'DISSENT' && reason) out.dissenting.push({ memberId, reason });
    else if (act.act === 'DISSENT') out.missing.push(memberId);
    else if (reason) out.refusedWithReason.push({ memberId, reason });
    else out.agreed.push(memberId);
  }
  return { complete: out.missing.length === 0, ...out };
}
