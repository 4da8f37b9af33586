export * from './growth.js';
export * from './stats.js';
export * from './consequences.js';
export * from './debrief.js';
export * from './detectors/exponential-growth.js';
export * from './random.js';
export * from './inference.js';
