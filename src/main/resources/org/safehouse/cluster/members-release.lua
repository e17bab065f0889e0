-- Gives back one claim of a nickname (cluster/RedisMemberDirectory): only when the hash still holds that very claim.
-- KEYS[1] the room's members hash; ARGV[1] nickKey, ARGV[2] the claim's token, ARGV[3] the room's member channel,
-- ARGV[4] this node's id
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held or cjson.decode(held).claim ~= ARGV[2] then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[3], cjson.encode({e = 'left', k = ARGV[1], node = ARGV[4]}))
return 1
