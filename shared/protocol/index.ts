export * from './errors.js';
export * from './decision.js';
export * from './debrief.js';
export * from './events.js';
export * from './commands.js';
export * from './pushes.js';
export * from './http.js';
export type * from './socket.js';
export * from './sequencer.js';
