export * from './errors';
export * from './calendar';
export * from './code-of-conduct';
export * from './rules';
