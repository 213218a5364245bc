-- Moves due retries (score <= Redis TIME) to the ready queue, oldest first.
-- KEYS: 1 retry zset, 2 retry jobs hash, 3 queue list, 4 queues set
-- ARGV: 1 queue name, 2 max jobs per call
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  local job = redis.call('HGET', KEYS[2], id)
  if job then
    redis.call('RPUSH', KEYS[3], job)
  end
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
end
if #ids > 0 then
  redis.call('SADD', KEYS[4], ARGV[1])
end
return #ids
