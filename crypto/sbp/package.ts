/** The three files of a Sealed Bid Package. */
export interface SealedBidPackage {
  bidCms: Uint8Array;
  manifestJson: Uint8Array;
  manifestP7s: Uint8Array;
}

export const PACKAGE_FILES = { bidCms: 'bid.cms', manifestJson: 'manifest.json', manifestP7s: 'manifest.p7s' } as const;
export const TOOL_NAME = 'tenderhall-crypto/0.1';
