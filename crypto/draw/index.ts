export * from './pool';
export * from './seed';
export * from './stream';
export * from './draw';
export * from './commit';
