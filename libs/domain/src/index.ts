export * from './errors';
export * from './calendar';
