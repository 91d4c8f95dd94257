-- One Close rate budget (one API key's calls to one endpoint group), kept in Redis so that
-- every instance takes its turns from the same bucket, atomically.
--
-- The rules are those of `Bucket` in ratebudget.py, which explains them; this is the same
-- algorithm, statement for statement. As in closeio/limitlion, the time is Redis's own
-- (TIME), one clock for every instance, unless the caller passes `now` (tests do).
--
-- KEYS[1]  the bucket, a hash
-- ARGV     operation, now ("" for Redis TIME), keep (seconds the bucket outlives its last use)
--          "take":   max_wait
--          "learn":  window number and serial of the call's turn, limit, remaining ("" when
--                    not to be used), reset
--          "refuse": retry_after
-- Returns  {granted (0 or 1), wait (seconds, a string), window number, serial}

local bucket = KEYS[1]
local op, keep = ARGV[1], tonumber(ARGV[3])
local now = tonumber(ARGV[2])
if now == nil then
  -- Before Redis 5, a script may write after TIME only when it replicates its effects
  -- (Memorystore still offers 4.0); from 5 on this is what Redis does anyway.
  if redis.replicate_commands then
    redis.replicate_commands()
  end
  local time = redis.call("TIME")
  now = tonumber(time[1]) + tonumber(time[2]) / 1000000
end

local saved = redis.call("HMGET", bucket, "limit", "window", "tokens", "ends", "number", "serial",
  "heard")
local limit, window = tonumber(saved[1]), tonumber(saved[2]) or 0
local tokens, ends = tonumber(saved[3]), tonumber(saved[4])
local number, serial = tonumber(saved[5]) or 0, tonumber(saved[6]) or 0
local heard = saved[7] == "1"

-- A window that has ended gives way to the next: full, but for the turns reserved in it.
if ends ~= nil and now >= ends then
  number = number + 1
  heard = false
  if limit == nil then
    tokens, ends = nil, nil
  else
    tokens = math.min(limit, (tokens or 0) + limit)
    ends = now + window
  end
end

local granted, wait, counted_in = 0, 0, number
if op == "take" then
  local max_wait = tonumber(ARGV[4])
  if tokens == nil or tokens >= 1 then
    granted = 1
  else
    wait = ends - now
    if wait <= max_wait and (limit == nil or tokens > -limit) then
      granted, counted_in = 1, number + 1
    end
  end
  if granted == 1 then
    serial = serial + 1
    if tokens ~= nil then
      tokens = tokens - 1
    end
  end
elseif op == "learn" then
  local taken_in, taken_serial = tonumber(ARGV[4]), tonumber(ARGV[5])
  local remaining, reset = tonumber(ARGV[7]), tonumber(ARGV[8])
  limit = tonumber(ARGV[6])
  window = math.max(window, reset)
  if taken_in == number then
    if remaining ~= nil then
      local left = remaining - (serial - taken_serial)
      if tokens == nil or left < tokens then
        tokens = left
      end
    end
    local reset_at = now + reset
    if not heard or ends == nil or reset_at < ends then
      ends = reset_at
    end
    heard = true
  end
elseif op == "refuse" then
  if tokens == nil or tokens > 0 then
    tokens = 0
  end
  ends = now + tonumber(ARGV[4])
  heard = true
end

local function text(value)
  if value == nil then
    return ""
  end
  return string.format("%.6f", value)
end

redis.call("HSET", bucket, "limit", text(limit), "window", text(window), "tokens", text(tokens),
  "ends", text(ends), "number", number, "serial", serial, "heard", heard and "1" or "0")
redis.call("EXPIRE", bucket, keep)
return {granted, string.format("%.6f", wait), counted_in, serial}
