-- Success: the job leaves the worker's in-flight list, its state goes, stats and lag are recorded.
-- KEYS: 1 inflight list, 2 state hash, 3 processed counter, 4 ledger zset, 5 lag list, 6 done zset,
--       7 worker status
-- ARGV: 1 job json, 2 audit id, 3 lag samples kept
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('INCR', KEYS[3])
local accepted = redis.call('ZSCORE', KEYS[4], ARGV[2])
if accepted then
  redis.call('LPUSH', KEYS[5], now - tonumber(accepted))
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[3]) - 1)
end
redis.call('ZADD', KEYS[6], now, ARGV[2])
redis.call('DEL', KEYS[7])
return removed
