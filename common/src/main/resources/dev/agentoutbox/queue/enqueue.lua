-- Hand-off: push the job, register the queue (Jesque convention) and record the id in the ledger.
-- KEYS: 1 queues set, 2 queue list, 3 ledger zset
-- ARGV: 1 queue name, 2 job json, 3 audit id
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], 'NX', now, ARGV[3])
return now
