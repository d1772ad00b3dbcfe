export * from './attendance-codes';
export * from './marks';
export * from './attendance-statistics';
export * from './national-threshold';
export * from './compulsory-school-age';
export * from './penalty-notices';
export * from './formal-routes';
export * from './upn';
