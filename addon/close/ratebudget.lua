-- One Close rate budget (one API key's or one organization's calls to one endpoint group),
-- kept in Redis so that every instance takes its turns from the same bucket, atomically.
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
--          "imply":  limit, window (used unless Close stated a limit for this bucket)
--          "refuse": retry_after
-- Returns  {granted (0 or 1), wait (seconds, a string), window number, serial, limit ("" when
--          not known)}

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
  "heard", "stated", "opened", "began")
local limit, window = tonumber(saved[1]), tonumber(saved[2]) or 0
local tokens, ends = tonumber(saved[3]), tonumber(saved[4])
local number, serial = tonumber(saved[5]) or 0, tonumber(saved[6]) or 0
local heard, stated = saved[7] == "1", saved[8] == "1"
local opened, began = tonumber(saved[9]) or 0, tonumber(saved[10])

-- A window that has ended gives way to the next: full, but for the turns reserved in it.
if ends ~= nil and now >= ends then
  number = number + 1
  heard, opened, began = false, serial, nil
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
    elseif began == nil then
      began = now
    end
  end
elseif op == "learn" then
  local taken_in, taken_serial = tonumber(ARGV[4]), tonumber(ARGV[5])
  local remaining, reset = tonumber(ARGV[7]), tonumber(ARGV[8])
  limit, stated = tonumber(ARGV[6]), true
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
elseif op == "imply" then
  if not stated then
    limit = tonumber(ARGV[4])
    window = math.max(window, tonumber(ARGV[5]))
    if tokens == nil then
      local recent = began ~= nil and now - began < window
      tokens = limit - (recent and (serial - opened) or 0)
      ends = now + window
    end
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
  "ends", text(ends), "number", number, "serial", serial, "heard", heard and "1" or "0",
  "stated", stated and "1" or "0", "opened", opened, "began", text(began))
redis.call("EXPIRE", bucket, keep)
return {granted, string.format("%.6f", wait), counted_in, serial, text(limit)}
