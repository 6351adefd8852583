export * from './alert-types';
export * from './finding';
export * from './lossless-json';
