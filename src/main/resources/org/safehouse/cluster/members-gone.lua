-- Drops a node's members from a room (cluster/RedisMemberDirectory): a dead node's, or this node's own stale ones
-- after an outage. Atomic per room, so exactly one caller removes them and publishes their leaves (told by it).
-- KEYS[1] the room's members hash; ARGV[1] the node whose members go, ARGV[2] the room's member channel,
-- ARGV[3] the caller's node id, ARGV[4..] claim tokens to keep (members the caller still holds)
local keep = {}
for i = 4, #ARGV do
  keep[ARGV[i]] = true
end
local removed = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local member = cjson.decode(all[i + 1])
  if member.node == ARGV[1] and not keep[member.claim] then
    redis.call('HDEL', KEYS[1], all[i])
    table.insert(removed, all[i])
  end
end
if #removed > 0 then
  redis.call('PUBLISH', ARGV[2], cjson.encode({e = 'gone', node = ARGV[1], by = ARGV[3], k = removed}))
end
return #removed
