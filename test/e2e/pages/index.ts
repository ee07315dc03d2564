export * from './account.js';
export * from './common.js';
export * from './evidence.js';
export * from './meetings.js';
export * from './partnerships.js';
export * from './plans.js';
export * from './risks.js';
export * from './sign-in.js';
