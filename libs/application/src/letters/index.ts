export * from './letter-settings';
export * from './letter-composer';
export * from './letter-html';
export * from './letter-printer';
export * from './letters.module';
