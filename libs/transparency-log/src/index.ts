export * from './merkle';
export * from './log-entry';
export * from './tree-head';
export * from './key-file-signer';
export * from './sqlite-transparency-log';
