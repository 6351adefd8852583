/**
 * Lua scripts of the Redis storm store. Each runs atomically on the server,
 * so replicas sharing a store never send the same storm's first alert or
 * summary twice.
 *
 * Keys: `<prefix>s:<storm key>` is a hash per storm (id, end, n folded,
 * f first seen, l last seen, sample), `<prefix>due` a sorted set of storm
 * keys by window end, `<prefix>b:<bucket>` a hash per token bucket.
 */

/** KEYS: storm hash, due set. ARGV: storm key, finding id, first seen, last seen, count, now, window, foldFirst, ttl. */
export const OBSERVE_SCRIPT = `
local windowEnd = redis.call('HGET', KEYS[1], 'end')
if not windowEnd then
  local folded, first, last = 0, '', ''
  if ARGV[8] == '1' then folded, first, last = tonumber(ARGV[5]), ARGV[3], ARGV[4] end
  local newEnd = tonumber(ARGV[6]) + tonumber(ARGV[7])
  redis.call('HSET', KEYS[1], 'id', ARGV[2], 'end', newEnd, 'n', folded, 'f', first, 'l', last)
  redis.call('PEXPIRE', KEYS[1], ARGV[9])
  redis.call('ZADD', KEYS[2], newEnd, ARGV[1])
  return {1, ARGV[2], folded}
end
local folded = redis.call('HINCRBY', KEYS[1], 'n', ARGV[5])
local first = redis.call('HGET', KEYS[1], 'f')
if first == '' or tonumber(ARGV[3]) < tonumber(first) then redis.call('HSET', KEYS[1], 'f', ARGV[3]) end
local last = redis.call('HGET', KEYS[1], 'l')
if last == '' or tonumber(ARGV[4]) > tonumber(last) then redis.call('HSET', KEYS[1], 'l', ARGV[4]) end
redis.call('PEXPIRE', KEYS[1], ARGV[9])
return {0, redis.call('HGET', KEYS[1], 'id'), folded}
`;

/** KEYS: storm hash. ARGV: sample JSON. */
export const KEEP_SAMPLE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSETNX', KEYS[1], 'sample', ARGV[1]) end
return 0
`;

/**
 * KEYS: due set. ARGV: now, window, all ('1' or '0'), limit, storm hash prefix, ttl, offset.
 * Without `all` it reads storms whose window ended; with `all`, `limit` storms from `offset` on.
 * Returns the number of storms examined, then flat groups of six: storm key,
 * id, folded, first seen, last seen, sample.
 */
export const COLLECT_SCRIPT = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
local members
if ARGV[3] == '1' then
  local offset = tonumber(ARGV[7])
  members = redis.call('ZRANGE', KEYS[1], offset, offset + limit - 1)
else
  members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
end
local out = {#members}
for _, member in ipairs(members) do
  local hash = ARGV[5] .. member
  local data = redis.call('HMGET', hash, 'id', 'end', 'n', 'f', 'l', 'sample')
  if not data[1] then
    redis.call('ZREM', KEYS[1], member)
  else
    local folded = tonumber(data[3])
    local due = tonumber(data[2]) <= now
    if folded > 0 then
      table.insert(out, member)
      table.insert(out, data[1])
      table.insert(out, data[3])
      table.insert(out, data[4])
      table.insert(out, data[5])
      table.insert(out, data[6] or '')
      redis.call('HSET', hash, 'n', 0, 'f', '', 'l', '')
      redis.call('HDEL', hash, 'sample')
    end
    if due then
      if folded > 0 then
        local newEnd = now + window
        redis.call('HSET', hash, 'end', newEnd)
        redis.call('PEXPIRE', hash, ARGV[6])
        redis.call('ZADD', KEYS[1], newEnd, member)
      else
        redis.call('DEL', hash)
        redis.call('ZREM', KEYS[1], member)
      end
    end
  end
end
return out
`;

/** KEYS: bucket hash. ARGV: now, tokens per ms, burst, ttl. Returns 1 when a token was taken. */
export const TAKE_TOKEN_SCRIPT = `
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return taken
`;
