import { z } from 'zod';
import { WireEventSchema } from './events.js';
import { RoleSchema } from './commands.js';

/**
 * Server→client pushes. `room:events` carries events in sequence order; after a reconnect the
 * first batch is the catch-up (`catchUp: true`). Clients apply events in seq order and ignore any
 * seq they already applied; a gap means: send `session:sync`.
 */
export const pushContracts = {
  'room:events': z.object({ events: z.array(WireEventSchema), catchUp: z.boolean() }),
  'session:welcome': z.object({
    sessionId: z.string(),
    role: RoleSchema,
    playerId: z.string().nullable(),
    /** The room's current sequence number when the catch-up was read. */
    seq: z.number().int().nonnegative(),
  }),
  'server:draining': z.object({ reconnectInMs: z.number().int().nonnegative() }),
} as const;

export type PushName = keyof typeof pushContracts;
export type PushPayload<K extends PushName> = z.infer<(typeof pushContracts)[K]>;

/** What the client puts in Socket.IO's handshake `auth`. */
export const HandshakeSchema = z.object({
  token: z.string().min(1).max(4096),
  /** The last sequence number this client applied; omitted or 0 means "send everything". */
  lastSeq: z.number().int().nonnegative().optional(),
});
export type Handshake = z.infer<typeof HandshakeSchema>;
