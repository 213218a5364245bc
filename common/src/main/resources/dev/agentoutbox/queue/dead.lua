-- Terminal failure: move the job from in-flight to the dead letters (hash by id + time index).
-- Returns -1 when ARGV[4] is '1' and the job was not in this worker's in-flight list anymore.
-- KEYS: 1 inflight list, 2 dead hash, 3 dead index zset, 4 state hash, 5 failed counter,
--       6 worker status
-- ARGV: 1 job json, 2 dead-letter id, 3 dead-letter json, 4 require ownership ('1' or '0')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('DEL', KEYS[6])
local removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
if removed == 0 and ARGV[4] == '1' then
  return -1
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[3], now, ARGV[2])
redis.call('DEL', KEYS[4])
redis.call('INCR', KEYS[5])
return now
