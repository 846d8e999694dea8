export * from './common';
export * from './errors';
export * from './files';
export * from './identity';
export * from './matters';
