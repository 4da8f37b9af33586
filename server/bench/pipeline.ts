/**
 * `npm run bench:pipeline [-- --rooms 50 --players 4 --decisions 60000 --rounds 5]`: the room
 * pipeline without sockets, in this process: the room service (queue, cache, decide, the embedded
 * store's append), planDeliveries and the JSON of every view a socket would get, as the transport
 * makes it, for the closed loop's decisions (bench-loop, every player of every room deciding at
 * once, again and again). Prints user and system CPU time and page faults per decision for each
 * round. On this VM a socket benchmark's CPU per decision varies by ±30 % from run to run; this
 * varies by a few percent, so it shows what a change to the room's own code does. With `--redis URL`
 * the Redis store takes the embedded store's place (keys under a fresh prefix, deleted at the end),
 * and Redis's own CPU time per decision (from INFO) is printed beside the process's. `--full-gc`: see below.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Redis } from 'ioredis';
import { createJsonText, type RoomFact } from '../../shared/protocol/index.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { planDeliveries, type RoomCommand } from '../room/machine/index.js';
import { createRoomService, type ExecuteResult } from '../room/service.js';
import { checkScenarioDir } from '../scenarios/catalogue.js';
import { createMemoryStore } from '../store/memory.js';
import { createRedisStore, storeClientOptions } from '../store/redis.js';
import { pushJson } from '../transport/batch.js';
import { redisUsage } from './measure.js';

const { values: args } = parseArgs({ options: {
  rooms: { type: 'string', default: '50' }, players: { type: 'string', default: '4' },
  decisions: { type: 'string', default: '60000' }, rounds: { type: 'string', default: '5' },
  redis: { type: 'string' }, loops: { type: 'boolean', default: false }, 'full-gc': { type: 'boolean', default: false },
} });
/**
 * --full-gc: one full collection in the middle of round 2, with the room's commands in flight. Before
 * item 44 (docs/performance.md) that was enough to put the process for good into the state where a
 * quarter of the young generation is promoted at every scavenge (page faults per decision 0.9
 * instead of 0.28); `--trace-gc-nvp` shows it as promoted= about equal to new_space_survived=.
 */
const fullGc = args['full-gc'] ? (v8.setFlagsFromString('--expose-gc'), vm.runInNewContext('gc') as () => void) : null;
const { scenarios, problems } = await checkScenarioDir('server/bench/scenarios');
const scenario = scenarios.find((s) => s.id === 'bench-loop');
if (!scenario) throw new Error(`bench-loop scenario missing: ${problems.join('; ')}`);

const jsonText = createJsonText();
let bytes = 0;
/** What the transport does with stored facts, short of the sockets: plan the views, make their JSON. */
function publish(_sessionId: string, facts: readonly RoomFact[]): void {
  for (const d of planDeliveries(facts)) {
    // The benchmark's facilitator has left: the server skips a view nobody listens to.
    if (d.to !== 'facilitator') bytes += pushJson(d.events, jsonText).length;
  }
}
const prefix = `pipeline${Date.now()}`;
const redis = args.redis === undefined ? null : new Redis(args.redis, { ...storeClientOptions, lazyConnect: true });
await redis?.connect();
// The log memory a server reserves by default (MEMORY_LOG_RESERVE_MB).
const store = redis === null ? createMemoryStore({ jsonText, logReserveBytes: loadConfig({}).memoryLogReserveBytes })
  : createRedisStore(redis, { prefix, instanceId: randomUUID(), idleTtlSeconds: 600, replayTtlSeconds: 600, jsonText });
/** Redis's own CPU time so far, µs, or 0 without Redis. */
const redisCpu = async () => (redis === null ? 0 : (await redisUsage(redis)).cpu * 1e6);
const rooms = createRoomService({
  store, scenarios: { get: () => scenario, list: () => [scenario] }, clock: Date.now,
  newId: randomUUID, newSeed: () => 7, publish, logger: createLogger('silent'), snapshotEvery: redis === null ? Number.POSITIVE_INFINITY : 200,
});

function applied(result: ExecuteResult): RoomFact[] {
  if (result.kind !== 'applied') throw new Error(`set-up command refused: ${JSON.stringify(result)}`);
  return result.facts;
}

type Seat = { sessionId: string; playerId: string; sent: number };
const seats: Seat[] = [];
for (let r = 0; r < Number(args.rooms); r++) {
  const room = await rooms.create('bench-loop');
  if ('code' in room) throw new Error(room.message);
  for (let p = 0; p < Number(args.players); p++) {
    const [joined] = applied(await rooms.execute(room.sessionId, { role: 'system' }, { type: 'player:join', nickname: `P${p}` }));
    if (joined?.type !== 'playerJoined') throw new Error('join made no playerJoined');
    seats.push({ sessionId: room.sessionId, playerId: joined.playerId, sent: 0 });
  }
  applied(await rooms.execute(room.sessionId, { role: 'facilitator' }, { type: 'session:start' }));
}

/** One decision by a seat (the bench-loop turn is always turn 0). */
let decided = 0;
async function decide(seat: Seat): Promise<void> {
  if (++decided === fullGcAt) fullGc?.();
  const command: RoomCommand = { type: 'decision:submit', turn: 0, commandId: `c${seat.sent++}`, decision: { kind: 'numeric', value: 250 + (seat.sent % 9) } };
  applied(await rooms.execute(seat.sessionId, { role: 'player', playerId: seat.playerId }, command));
}

/**
 * A round's decisions: by default in steps, every seat deciding at once and the next step after the
 * last answer; with --loops each seat decides again as soon as its own answer comes, as the socket
 * benchmark's players do (so a room's decisions reach the store one by one rather than together).
 */
async function decideAll(perSeat: number): Promise<void> {
  if (args.loops) {
    await Promise.all(seats.map(async (seat) => { for (let i = 0; i < perSeat; i++) await decide(seat); }));
    return;
  }
  for (let i = 0; i < perSeat; i++) await Promise.all(seats.map(decide));
}

const perRound = Math.max(1, Math.round(Number(args.decisions) / seats.length));
const decisions = perRound * seats.length;
const fullGcAt = decisions + Math.floor(decisions / 2);
process.stdout.write(`${args.rooms} rooms × ${args.players} players, ${decisions} decisions per round\n`);
for (let round = 1; round <= Number(args.rounds); round++) {
  const faults = process.resourceUsage().minorPageFault;
  const redisBefore = await redisCpu();
  const cpu = process.cpuUsage();
  bytes = 0;
  await decideAll(perRound);
  const used = process.cpuUsage(cpu);
  const redisUsed = (await redisCpu()) - redisBefore;
  const fmt = (us: number) => (us / decisions).toFixed(1).padStart(6);
  process.stdout.write(`round ${round}: µs per decision ${fmt(used.user + used.system)} (user ${fmt(used.user)}, system ${fmt(used.system)}), `
    + `page faults ${((process.resourceUsage().minorPageFault - faults) / decisions).toFixed(2)}, view bytes ${Math.round(bytes / decisions)}`
    + `${redis === null ? '' : `, Redis ${fmt(redisUsed)}`}\n`);
}
if (redis !== null) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
