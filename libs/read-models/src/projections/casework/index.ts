export * from './documents';
export * from './rows';
export * from './attendance';
export * from './pupil-view';
export * from './views';
export * from './casework-reader';
