/** When a bidder may upload, submit, replace or withdraw (pure): while bidding is open, strictly before the deadline (platform time). */
import type { Project } from '../projects/project.entity';
import { BidErrorCode, type BidError } from './bids.types';

/** Strictly before the bid deadline (a project without one is always before it). */
export function beforeDeadline(project: Pick<Project, 'bidDeadline'>, now: Date): boolean {
  return !project.bidDeadline || now < project.bidDeadline;
}

export function biddingWindowProblem(project: Pick<Project, 'status' | 'bidDeadline'>, now: Date): BidError | null {
  if (!beforeDeadline(project, now)) {
    return { code: BidErrorCode.DEADLINE_PASSED, message: `The bid deadline ${project.bidDeadline!.toISOString()} has passed (server time ${now.toISOString()}).` };
  }
  if (project.status !== 'BIDDING') return { code: BidErrorCode.NOT_OPEN, message: `The project is ${project.status}: it does not accept bids now.` };
  return null;
}
