export * from './gamma.js';
export * from './intervals.js';
export * from './compare.js';
export * from './trend.js';
export * from './suppression.js';
