export * from './errors';
export * from './calendar';
export * from './code-of-conduct';
export * from './rules';
export * from './decision-context';
export * from './pupil-journey';
export * from './family/family';
export * from './settings/code-of-conduct-decider';
