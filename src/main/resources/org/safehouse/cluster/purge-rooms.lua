-- Deletes every room's keys under a prefix (RedisHistoryStore.purgeAll): the server's panic wipe.
-- ARGV: 1 the pattern of room keys (prefix .. 'r:*'). Returns how many keys went.
local cursor = '0'
local deleted = 0
repeat
  local reply = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = reply[1]
  for _, key in ipairs(reply[2]) do
    deleted = deleted + redis.call('UNLINK', key)
  end
until cursor == '0'
return deleted
