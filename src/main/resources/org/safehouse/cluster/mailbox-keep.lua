-- Keeps one encrypted private message in a room's shared mailbox if every cap holds, displacing only delivered
-- messages, oldest first, exactly as core/PrivateMailbox.admit does on one node; then tells every node.
-- KEYS[1] the room's mailbox metadata (hash: padded id -> {s, r, g, b, d, t})
-- KEYS[2] the room's mailbox messages (hash: padded id -> message JSON)
-- KEYS[3] every room's mailbox bytes (hash: room key -> bytes), for the cap on all rooms together
-- ARGV: 1 room key, 2 padded id, 3 message JSON, 4 metadata JSON, 5 now ms, 6 max age ms (0: none),
--       7 channel, 8 key prefix, 9..16 caps (per recipient: messages, bytes; per sender; per room;
--       per address group), 17 bytes cap of all rooms
local roomKey, id, message, metaJson = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now, maxAge, channel, prefix = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7], ARGV[8]
local new = cjson.decode(metaJson)
local function cap(i) return tonumber(ARGV[i]) end

local entries, expired = {}, {}
local stored = redis.call('HGETALL', KEYS[1])
for i = 1, #stored, 2 do
  local e = cjson.decode(stored[i + 1])
  e.id = stored[i]
  if maxAge > 0 and e.t < now - maxAge then
    table.insert(expired, e.id)
  else
    table.insert(entries, e)
  end
end
if #expired > 0 then
  redis.call('HDEL', KEYS[1], unpack(expired))
  redis.call('HDEL', KEYS[2], unpack(expired))
  redis.call('PUBLISH', channel, 'deleted\n' .. table.concat(expired, ','))
end
if redis.call('HEXISTS', KEYS[1], id) == 1 then
  return {1} -- kept already (a resend of the same call)
end
table.sort(entries, function(a, b) return a.id < b.id end)

local function scope(maxMessages, maxBytes, matches)
  local s = {m = 1 - maxMessages, b = new.b - maxBytes}
  for _, e in ipairs(entries) do
    if matches(e) then s.m = s.m + 1; s.b = s.b + e.b end
  end
  return s
end
local function remains(s) return s.m > 0 or s.b > 0 end
local function shrink(s, e) s.m = s.m - 1; s.b = s.b - e.b end
local function fromSender(e) return e.s == new.s end
local function toRecipient(e) return e.r == new.r end
local function fromGroup(e) return e.g == new.g end
local function any() return true end

local recipient = scope(cap(9), cap(10), toRecipient)
local sender = scope(cap(11), cap(12), fromSender)
local room = scope(cap(13), cap(14), any)
local group = scope(cap(15), cap(16), fromGroup)
local displaced, freed = {}, 0
for _, e in ipairs(entries) do
  if not (remains(sender) or remains(recipient) or remains(room) or remains(group)) then break end
  local helps = remains(room) or (remains(sender) and fromSender(e)) or (remains(recipient) and toRecipient(e))
      or (remains(group) and fromGroup(e))
  if e.d == 1 and helps then
    table.insert(displaced, e.id)
    freed = freed + e.b
    shrink(room, e)
    if fromSender(e) then shrink(sender, e) end
    if toRecipient(e) then shrink(recipient, e) end
    if fromGroup(e) then shrink(group, e) end
  end
end
if remains(sender) or remains(recipient) or remains(room) or remains(group) then
  return {0, 'full'}
end

-- All rooms together: a room whose mailbox expired meanwhile no longer counts.
local roomBytes = new.b - freed
for _, e in ipairs(entries) do roomBytes = roomBytes + e.b end
local total = roomBytes
local rooms = redis.call('HGETALL', KEYS[3])
for i = 1, #rooms, 2 do
  if rooms[i] ~= roomKey then
    if redis.call('EXISTS', prefix .. 'r:' .. rooms[i] .. ':mbox') == 1 then
      total = total + tonumber(rooms[i + 1])
    else
      redis.call('HDEL', KEYS[3], rooms[i])
    end
  end
end
if total > cap(17) then
  return {0, 'full'}
end

if #displaced > 0 then
  redis.call('HDEL', KEYS[1], unpack(displaced))
  redis.call('HDEL', KEYS[2], unpack(displaced))
end
redis.call('HSET', KEYS[1], id, metaJson)
redis.call('HSET', KEYS[2], id, message)
redis.call('HSET', KEYS[3], roomKey, roomBytes)
if maxAge > 0 then
  redis.call('PEXPIRE', KEYS[1], maxAge)
  redis.call('PEXPIRE', KEYS[2], maxAge)
end
redis.call('PUBLISH', channel, 'kept\n' .. new.d .. '\n' .. table.concat(displaced, ',') .. '\n' .. message)
return {1}
