import { z } from 'zod';
import { DecisionSchema } from './decision.js';
import { WireEventSchema } from './events.js';

export const RoleSchema = z.enum(['facilitator', 'player', 'spectator']);
export type Role = z.infer<typeof RoleSchema>;

const turn = z.number().int().nonnegative();
const applied = z.object({ seq: z.number().int().nonnegative() });

/**
 * Every client→server command: its payload, the roles that may send it and the data of a
 * successful ack. Socket.IO's event map and the server's dispatch table are derived from this.
 */
export const commandContracts = {
  'session:start': { roles: ['facilitator'], payload: z.object({}).strict(), data: applied },
  'turn:close': { roles: ['facilitator'], payload: z.object({ turn }).strict(), data: applied },
  'turn:next': { roles: ['facilitator'], payload: z.object({ turn }).strict(), data: applied },
  'session:end': { roles: ['facilitator'], payload: z.object({}).strict(), data: applied },
  'player:kick': { roles: ['facilitator'], payload: z.object({ playerId: z.string().min(1).max(64) }).strict(), data: applied },
  'decision:submit': {
    roles: ['player'],
    payload: z.object({
      /** Client-generated, kept across reconnects: a repeated id returns the original ack. */
      commandId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
      turn,
      decision: DecisionSchema,
    }).strict(),
    data: z.object({ seq: z.number().int().positive(), turn }),
  },
  'session:sync': {
    roles: ['facilitator', 'player', 'spectator'],
    payload: z.object({ after: z.number().int().nonnegative() }).strict(),
    data: z.object({ events: z.array(WireEventSchema) }),
  },
} as const satisfies Record<string, { roles: readonly Role[]; payload: z.ZodType; data: z.ZodType }>;

export type CommandName = keyof typeof commandContracts;
export const commandNames = Object.keys(commandContracts) as CommandName[];
export type CommandPayload<K extends CommandName> = z.infer<(typeof commandContracts)[K]['payload']>;
export type CommandData<K extends CommandName> = z.infer<(typeof commandContracts)[K]['data']>;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandContracts, name);
}
