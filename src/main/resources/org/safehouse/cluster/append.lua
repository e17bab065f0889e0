-- Keeps one room message and publishes it, or recognises its resend (RedisRoomLogBus).
-- KEYS: 1 id counter, 2 id base, 3 the room's stream, 4 clientKey -> "counter timestamp" hash, 5 clientKey order list
-- ARGV: 1 id base when none is set yet, 2 clientKey ("" = none), 3 messages to keep, 4 milliseconds to keep
--       (0 = no age limit), 5 the message's fields (JSON), 6 channel, 7 timestamp
-- Returns {1, counter, base} for a new message, {0, counter, base, timestamp} for a resend.
-- Ids are base + counter, added by the nodes: Lua numbers are doubles, exact only below 2^53.
local clientKey = ARGV[2]
local keep = tonumber(ARGV[3])
local base = redis.call('GET', KEYS[2])
if not base then
  base = ARGV[1]
  redis.call('SET', KEYS[2], base)
end
if clientKey ~= '' then
  local earlier = redis.call('HGET', KEYS[4], clientKey)
  if earlier then
    local space = string.find(earlier, ' ', 1, true)
    return {0, tonumber(string.sub(earlier, 1, space - 1)), base, string.sub(earlier, space + 1)}
  end
end
local counter = redis.call('INCR', KEYS[1])
local counterText = string.format('%d', counter)
if keep > 0 then
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', keep, counterText .. '-0', 'm', ARGV[5])
  if clientKey ~= '' then
    redis.call('HSET', KEYS[4], clientKey, counterText .. ' ' .. ARGV[7])
    redis.call('RPUSH', KEYS[5], clientKey)
    while redis.call('LLEN', KEYS[5]) > keep do
      redis.call('HDEL', KEYS[4], redis.call('LPOP', KEYS[5]))
    end
  end
  local age = tonumber(ARGV[4])
  if age > 0 then
    for i = 3, 5 do
      redis.call('PEXPIRE', KEYS[i], age)
    end
  end
end
redis.call('PUBLISH', ARGV[6], 'm' .. base .. ' ' .. counterText .. '\n' .. ARGV[5])
return {1, counter, base}
