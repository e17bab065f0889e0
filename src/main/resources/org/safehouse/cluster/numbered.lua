-- Publishes a frame numbered from the room messages' counter, not kept (RedisRoomLogBus).
-- KEYS: 1 id counter, 2 id base. ARGV: 1 id base when none is set yet, 2 channel, 3 the frame before its id,
-- 4 the frame after its id (encoded JSON: never a raw newline). The nodes put base + counter between the two parts.
local base = redis.call('GET', KEYS[2])
if not base then
  base = ARGV[1]
  redis.call('SET', KEYS[2], base)
end
local counter = string.format('%d', redis.call('INCR', KEYS[1]))
redis.call('PUBLISH', ARGV[2], 'n' .. base .. ' ' .. counter .. '\n' .. ARGV[3] .. '\n' .. ARGV[4])
return counter
