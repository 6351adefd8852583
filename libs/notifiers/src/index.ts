export * from './output';
