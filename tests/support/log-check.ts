import type { RoomFact } from '../../shared/protocol/index.js';

export type Told = { playerId: string; commandId: string; seq: number };

/**
 * RELIABILITY.md's checker: compare what bots were told with what the log holds.
 * lost = acknowledged ok but absent; duplicate = a player twice in a turn or a command id stored
 * twice; unexpected = a stored decision no bot was told about.
 */
export function checkDecisions(log: readonly RoomFact[], told: readonly Told[], turn: number) {
  const decisions = log.filter((f): f is Extract<RoomFact, { type: 'decisionSubmitted' }> => f.type === 'decisionSubmitted' && f.turn === turn);
  const key = (p: string, c: string) => `${p}:${c}`;
  const stored = new Map(decisions.map((d) => [key(d.playerId, d.commandId), d]));
  const lost = told.filter((t) => stored.get(key(t.playerId, t.commandId))?.seq !== t.seq).length;
  const perPlayer = new Map<string, number>();
  for (const d of decisions) perPlayer.set(d.playerId, (perPlayer.get(d.playerId) ?? 0) + 1);
  const duplicate = [...perPlayer.values()].filter((n) => n > 1).length + (decisions.length - new Set(decisions.map((d) => d.commandId)).size);
  const toldKeys = new Set(told.map((t) => key(t.playerId, t.commandId)));
  const unexpected = decisions.filter((d) => !toldKeys.has(key(d.playerId, d.commandId))).length;
  const closes = log.filter((f) => f.type === 'turnClosed' && f.turn === turn).length;
  const seqs = log.map((f) => f.seq);
  const gapFree = seqs.every((s, i) => s === i + 1);
  return { lost, duplicate, unexpected, closes, gapFree, decisions: decisions.length };
}
