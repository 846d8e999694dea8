export * from './common';
export * from './errors';
export * from './events';
export * from './files';
export * from './identity';
export * from './matters';
export * from './messaging';
export * from './portal';
