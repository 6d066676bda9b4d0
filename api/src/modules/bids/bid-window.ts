/** When a bidder may upload, submit, replace or withdraw (pure): while bidding is open, strictly before the deadline (platform time). */
import type { Project } from '../projects/project.entity';
import { BidErrorCode, type BidError } from './bids.types';

export function biddingWindowProblem(project: Pick<Project, 'status' | 'bidDeadline'>, now: Date): BidError | null {
  if (project.bidDeadline && now >= project.bidDeadline) {
    return { code: BidErrorCode.DEADLINE_PASSED, message: `The bid deadline ${project.bidDeadline.toISOString()} has passed (server time ${now.toISOString()}).` };
  }
  if (project.status !== 'BIDDING') return { code: BidErrorCode.NOT_OPEN, message: `The project is ${project.status}: it does not accept bids now.` };
  return null;
}
