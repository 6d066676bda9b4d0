/** The text a bidder signs to sign in to an opening (签到): bound to the session, its organisation and itself. */
export function signInMessage(sessionId: string, organisationId: string, userId: string): string {
  return `tenderhall/opening-sign-in/v1\nsession=${sessionId}\norganisation=${organisationId}\nuser=${userId}`;
}
