export * from './documents';
export * from './rows';
export * from './casework.projection';
