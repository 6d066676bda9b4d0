export * from './hashing';
export * from './tree';
export * from './verify';
export * from './frontier';
export * from './note';
export * from './checkpoint';
export * from './receipt';
