export * from './opening-key';
export * from './shares';
