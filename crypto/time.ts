/** Drops sub-second precision, since certificate, CRL and CMS signing times carry whole seconds. */
export function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}
