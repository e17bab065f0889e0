-- Deletes the keys matching any of the patterns (RedisHistoryStore.purgeAll: the server's panic wipe).
-- ARGV: the patterns, e.g. prefix .. 'r:*:log'. Returns how many keys went.
local deleted = 0
for _, pattern in ipairs(ARGV) do
  local cursor = '0'
  repeat
    local reply = redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = reply[1]
    for _, key in ipairs(reply[2]) do
      deleted = deleted + redis.call('UNLINK', key)
    end
  until cursor == '0'
end
return deleted
