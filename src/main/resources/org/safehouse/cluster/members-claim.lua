-- Claims a nickname in a room for one node (cluster/RedisMemberDirectory).
-- KEYS[1] the room's members hash (nickKey -> member JSON with "node" and "claim")
-- ARGV[1] nickKey, ARGV[2] the member JSON, ARGV[3] the room's member limit (0: none),
-- ARGV[4] the prefix of node heartbeat keys ("<P>node:"), ARGV[5] the room's member channel, ARGV[6] this node's id
-- A name held by a live node's member is TAKEN; a dead node's holder is replaced. At the limit, the dead nodes'
-- members are dropped first (and their leaves published, told by this node), then live ones count.
local known = {}
local function nodeAlive(node)
  if known[node] == nil then
    known[node] = redis.call('EXISTS', ARGV[4] .. node) == 1
  end
  return known[node]
end
local function alive(value)
  return nodeAlive(cjson.decode(value).node)
end
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held and alive(held) then
  return 'TAKEN'
end
local max = tonumber(ARGV[3])
if max > 0 and redis.call('HLEN', KEYS[1]) >= max then
  local all = redis.call('HGETALL', KEYS[1])
  local live = 0
  local gone = {}
  for i = 1, #all, 2 do
    local node = cjson.decode(all[i + 1]).node
    if nodeAlive(node) then
      live = live + 1
    else
      gone[node] = gone[node] or {}
      table.insert(gone[node], all[i])
      redis.call('HDEL', KEYS[1], all[i])
    end
  end
  for node, keys in pairs(gone) do
    redis.call('PUBLISH', ARGV[5], cjson.encode({e = 'gone', node = node, by = ARGV[6], k = keys}))
  end
  if live >= max then
    return 'FULL'
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[5], cjson.encode({e = 'joined', m = ARGV[2]}))
return 'CLAIMED'
