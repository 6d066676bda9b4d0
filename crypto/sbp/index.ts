export * from './package';
export * from './commitments';
export * from './manifest';
export * from './violations';
export * from './seal';
export * from './check';
export * from './open';
