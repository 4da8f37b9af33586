/**
 * Lua scripts for the Redis store. Each validates everything first and writes last: a script
 * that fails half-way keeps its earlier writes, so nothing may fail after the first write.
 */

/**
 * KEYS: 1 the room's log stream, 2 its snapshot, 3 the global deadline index, 4 the set of
 * instances listening to the room's pushes.
 * ARGV: 1 expected version, 2 fact count n, 3..2+n facts (JSON), then: snapshot JSON or '',
 * notAfter (ms, Redis clock) or '', TTL in seconds, session id, deadlines to set (JSON
 * [[turn, at], …]) or '', turns whose deadline to clear (JSON [turn, …]) or '', the writing
 * instance's id.
 * Returns {'ok', version, listeners other than the writer} | {'conflict', version} | {'deadline', version}.
 */
export const APPEND = `
local expected = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local len = redis.call('XLEN', KEYS[1])
if len ~= expected then return {'conflict', len} end
local snapshot = ARGV[3 + n]
local notAfter = ARGV[4 + n]
local ttl = tonumber(ARGV[5 + n])
local session = ARGV[6 + n]
local sets = ARGV[7 + n]
local clears = ARGV[8 + n]
local writer = ARGV[9 + n]
if notAfter ~= '' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if now > tonumber(notAfter) then return {'deadline', len} end
end
for i = 1, n do
  redis.call('XADD', KEYS[1], (expected + i) .. '-1', 'f', ARGV[2 + i])
end
redis.call('EXPIRE', KEYS[1], ttl)
if snapshot ~= '' then redis.call('SET', KEYS[2], snapshot, 'EX', ttl)
elseif redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ttl) end
if clears ~= '' then
  for _, turn in ipairs(cjson.decode(clears)) do redis.call('ZREM', KEYS[3], session .. '|' .. turn) end
end
if sets ~= '' then
  for _, d in ipairs(cjson.decode(sets)) do redis.call('ZADD', KEYS[3], d[2], session .. '|' .. d[1]) end
end
local others = redis.call('SCARD', KEYS[4])
if others > 0 then
  redis.call('EXPIRE', KEYS[4], ttl)
  others = others - redis.call('SISMEMBER', KEYS[4], writer)
end
return {'ok', expected + n, others}
`;

/**
 * KEYS: 1 deadline index. ARGV: 1 now (ms), 2 limit, 3 lease (ms). Leases due entries: each goes
 * to one caller and comes due again after the lease unless the turn's close clears it first, so
 * a claimer that dies before closing the turn does not lose the timer.
 */
export const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local lease = tonumber(ARGV[1]) + tonumber(ARGV[3])
for i = 1, #due, 2 do redis.call('ZADD', KEYS[1], lease, due[i]) end
return due
`;
