export * from './documents';
export * from './tasks.projection';
