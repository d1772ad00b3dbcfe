export * from './documents';
export * from './case-file.projection';
