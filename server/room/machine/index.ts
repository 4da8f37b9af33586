export * from './state.js';
export * from './commands.js';
export * from './decide.js';
export * from './evolve.js';
export * from './project.js';
export { normalizeNickname } from './nickname.js';
