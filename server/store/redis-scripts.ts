/**
 * Lua scripts for the Redis store. Each validates everything first and writes last: a script
 * that fails half-way keeps its earlier writes, so nothing may fail after the first write (of each
 * append, in the batched APPEND).
 */

/**
 * Appends to several rooms' logs in one call: the appends issued in one turn of the event loop,
 * whichever rooms they are for (group commit). Each append is checked and written on its own, as
 * if it were alone: one refused does not stop the others.
 * KEYS: 1 the global deadline index, then three per append: the room's log stream, its snapshot,
 * and the set of instances listening to the room's pushes.
 * ARGV: 1 the writing instance's id, 2 the number of appends m, then per append: expected version,
 * fact count n, n facts (JSON), snapshot JSON or '', notAfter (ms, Redis clock) or '', TTL in
 * seconds, session id, deadlines to set (JSON [[turn, at], …]) or '', turns whose deadline to
 * clear (JSON [turn, …]) or '', '1' when the append ends the session (else ''), '1' when the log's
 * TTL (and the listener set's) is to be set again (else '': the writer refreshed it lately, see
 * `refreshEveryMs` in redis.ts; an append that ends the session always sets it).
 * A snapshot keeps the TTL it was written with (its log's, then), and takes the log's again when
 * the session ends: an active session writes a new one every so many facts, and a snapshot gone
 * before its log only means a longer replay. (Refreshing it on every append was two of an
 * append's six commands.)
 * Returns three values per append: 'ok', version, listeners other than the writer | 'conflict',
 * version, 0 | 'deadline', version, 0 | 'error', version, Redis's error (nothing of it written).
 */
export const APPEND = `
local writer = ARGV[1]
local m = tonumber(ARGV[2])
local out = {}
local now = nil
local a = 3
for j = 0, m - 1 do
  local log, snap, listeners = KEYS[2 + 3 * j], KEYS[3 + 3 * j], KEYS[4 + 3 * j]
  local expected = tonumber(ARGV[a])
  local n = tonumber(ARGV[a + 1])
  local facts = a + 2
  local rest = facts + n
  local snapshot, notAfter, ttl = ARGV[rest], ARGV[rest + 1], tonumber(ARGV[rest + 2])
  local session, sets, clears, ends = ARGV[rest + 3], ARGV[rest + 4], ARGV[rest + 5], ARGV[rest + 6]
  local refresh = ends ~= '' or ARGV[rest + 7] ~= ''
  a = rest + 8
  local len = redis.call('XLEN', log)
  local late = false
  if len == expected and notAfter ~= '' then
    if now == nil then
      local t = redis.call('TIME')
      now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    end
    late = now > tonumber(notAfter)
  end
  if len ~= expected then
    out[#out + 1] = 'conflict'; out[#out + 1] = len; out[#out + 1] = 0
  elseif late then
    out[#out + 1] = 'deadline'; out[#out + 1] = len; out[#out + 1] = 0
  else
    -- The first write may still be refused (out of memory, say): then nothing of this append is
    -- written, it alone is answered, and the appends before it in the batch stand.
    local first = n == 0 and 'OK' or redis.pcall('XADD', log, (expected + 1) .. '-1', 'f', ARGV[facts])
    if type(first) == 'table' and first.err then
      out[#out + 1] = 'error'; out[#out + 1] = len; out[#out + 1] = first.err
    else
      for i = 2, n do
        redis.call('XADD', log, (expected + i) .. '-1', 'f', ARGV[facts + i - 1])
      end
      if refresh then redis.call('EXPIRE', log, ttl) end
      if snapshot ~= '' then redis.call('SET', snap, snapshot, 'EX', ttl)
      elseif ends ~= '' then redis.call('EXPIRE', snap, ttl) end
      if clears ~= '' then
        for _, turn in ipairs(cjson.decode(clears)) do redis.call('ZREM', KEYS[1], session .. '|' .. turn) end
      end
      if sets ~= '' then
        for _, d in ipairs(cjson.decode(sets)) do redis.call('ZADD', KEYS[1], d[2], session .. '|' .. d[1]) end
      end
      local others = redis.call('SCARD', listeners)
      if others > 0 then
        if refresh then redis.call('EXPIRE', listeners, ttl) end
        others = others - redis.call('SISMEMBER', listeners, writer)
      end
      out[#out + 1] = 'ok'; out[#out + 1] = expected + n; out[#out + 1] = others
    end
  end
end
return out
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
