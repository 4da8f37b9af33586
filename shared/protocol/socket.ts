import type { Ack } from './errors.js';
import type { CommandData, CommandName, CommandPayload } from './commands.js';
import type { PushName, PushPayload } from './pushes.js';

/** Socket.IO event maps, derived from the zod contracts so the wire has one definition. */
export type ClientToServerEvents = {
  [K in CommandName]: (payload: CommandPayload<K>, ack: (reply: Ack<CommandData<K>>) => void) => void;
};
export type ServerToClientEvents = {
  [K in PushName]: (payload: PushPayload<K>) => void;
};
