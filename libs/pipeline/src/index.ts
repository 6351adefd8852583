export * from './stages';
export * from './pipeline';
export * from './pipeline-metrics';
export * from './min-priority-filter';
