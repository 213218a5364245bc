-- Operator requeue of one dead letter, by id. Atomic: two operators requeueing the same id at once
-- move it once. Attempts restart at 0; the sink progress is kept.
-- The operator trail keeps the newest 100,000 actions.
-- KEYS: 1 dead hash, 2 dead index zset, 3 queue list, 4 queues set, 5 state hash, 6 history list
-- ARGV: 1 dead-letter id, 2 queue name, 3 job json to enqueue, 4 history entry json, 5 progress json,
--       6 the dead-letter json the caller read (-1 is returned when it changed since)
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then
  return 0
end
if entry ~= ARGV[6] then
  return -1
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('DEL', KEYS[5])
local progress = cjson.decode(ARGV[5])
for k, v in pairs(progress) do
  redis.call('HSET', KEYS[5], k, v)
end
redis.call('HSET', KEYS[5], 'attempts', 0)
redis.call('LPUSH', KEYS[6], ARGV[4])
redis.call('LTRIM', KEYS[6], 0, 99999)
return 1
