-- Deletes messages of a room's shared mailbox, gives their bytes back to the all-rooms count, and tells every node.
-- KEYS[1] metadata, KEYS[2] messages, KEYS[3] every room's mailbox bytes; ARGV[1] room key, ARGV[2] channel,
-- ARGV[3..] padded ids
local deleted, freed = {}, 0
for i = 3, #ARGV do
  local stored = redis.call('HGET', KEYS[1], ARGV[i])
  if stored then
    freed = freed + cjson.decode(stored).b
    table.insert(deleted, ARGV[i])
  end
end
if #deleted == 0 then
  return 0
end
redis.call('HDEL', KEYS[1], unpack(deleted))
redis.call('HDEL', KEYS[2], unpack(deleted))
if redis.call('HINCRBY', KEYS[3], ARGV[1], -freed) <= 0 then
  redis.call('HDEL', KEYS[3], ARGV[1])
end
redis.call('PUBLISH', ARGV[2], 'deleted\n' .. table.concat(deleted, ','))
return #deleted
