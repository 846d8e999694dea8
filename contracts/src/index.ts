export * from './common';
export * from './errors';
export * from './identity';
export * from './matters';
export * from './portal';
