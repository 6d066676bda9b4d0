export * from './reader';
export * from './fields';
export * from './writer';
export * from './build';
