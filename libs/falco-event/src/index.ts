export * from './alert-types';
export * from './finding';
