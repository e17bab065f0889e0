-- A room's members whose node is alive (cluster/RedisMemberDirectory), for a node that starts mirroring the room,
-- and the nodes listed there that are dead (the caller drops their members, telling the room).
-- KEYS[1] the room's members hash; ARGV[1] the prefix of node heartbeat keys
-- Returns {live member JSON values, dead node ids}
local live = {}
local dead = {}
local known = {}
local values = redis.call('HVALS', KEYS[1])
for _, value in ipairs(values) do
  local node = cjson.decode(value).node
  if known[node] == nil then
    known[node] = redis.call('EXISTS', ARGV[1] .. node) == 1
    if not known[node] then
      table.insert(dead, node)
    end
  end
  if known[node] then
    table.insert(live, value)
  end
end
return {live, dead}
