-- Orphan recovery. For each candidate worker whose process heartbeat is gone (or every candidate
-- when ARGV[3] is '1'), move its in-flight jobs back to the head of the ready queue and
-- unregister it. Atomic: any number of reapers may run at once; each job moves exactly once.
-- KEYS: 1 workers set, 2 queue list, 3 recovered events list
-- ARGV: 1 namespace, 2 queue name, 3 force ('1' or '0'), 4 events kept, 5.. worker names
-- Returns a flat list: worker, job, worker, job, ...
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ns = ARGV[1]
local queue = ARGV[2]
local moved = {}
for i = 5, #ARGV do
  local worker = ARGV[i]
  local process = string.match(worker, '^(.*)#[^#]*$') or worker
  local alive = redis.call('EXISTS', ns .. ':heartbeat:' .. process) == 1
  if ARGV[3] == '1' or not alive then
    local inflight = ns .. ':inflight:' .. worker .. ':' .. queue
    while true do
      local job = redis.call('RPOPLPUSH', inflight, KEYS[2])
      if not job then
        break
      end
      table.insert(moved, worker)
      table.insert(moved, job)
      redis.call('LPUSH', KEYS[3], cjson.encode({worker = worker, reaped_at = now, job = job}))
    end
    redis.call('SREM', KEYS[1], worker)
    redis.call('DEL', ns .. ':worker:' .. worker, ns .. ':worker:' .. worker .. ':started',
      ns .. ':stat:processed:' .. worker, ns .. ':stat:failed:' .. worker)
  end
end
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[4]) - 1)
return moved
