-- Marks messages of a room's shared mailbox delivered, and tells every node which ones changed (none: no event).
-- KEYS[1] the room's mailbox metadata; ARGV[1] channel, ARGV[2..] padded ids
local changed = {}
for i = 2, #ARGV do
  local stored = redis.call('HGET', KEYS[1], ARGV[i])
  if stored then
    local e = cjson.decode(stored)
    if e.d ~= 1 then
      e.d = 1
      redis.call('HSET', KEYS[1], ARGV[i], cjson.encode(e))
      table.insert(changed, ARGV[i])
    end
  end
end
if #changed > 0 then
  redis.call('PUBLISH', ARGV[1], 'delivered\n' .. table.concat(changed, ','))
end
return #changed
