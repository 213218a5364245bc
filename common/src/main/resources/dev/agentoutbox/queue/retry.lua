-- Transient failure: move the job from in-flight to the retry schedule, due at Redis TIME + delay.
-- Returns -1 when the job was no longer in this worker's in-flight list (the reaper gave it to
-- another worker, which now owns it): nothing is scheduled then, so the job never runs twice.
-- KEYS: 1 inflight list, 2 retry zset, 3 retry jobs hash, 4 state hash, 5 worker status
-- ARGV: 1 job json, 2 audit id, 3 delay ms, 4 attempts, 5 last error, 6 state ttl seconds,
--       7.. field, value pairs of sink progress to record
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('DEL', KEYS[5])
local removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
if removed == 0 then
  return -1
end
for i = 7, #ARGV, 2 do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
end
local due = now + tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], due, ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[4], 'attempts', ARGV[4], 'last_error', ARGV[5], 'last_failure_at', now,
  'next_attempt_at', due)
redis.call('HSETNX', KEYS[4], 'first_failure_at', now)
redis.call('EXPIRE', KEYS[4], tonumber(ARGV[6]))
return due
