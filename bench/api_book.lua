-- api_book.lua: wrk script for bench/api.sh: every request books a new slot
-- place for a new person (a valid national ID per request), cycling over
-- the starts listed in the file named by FH_STARTS (one per line).
local starts = {}
for line in io.lines(os.getenv("FH_STARTS")) do
  starts[#starts + 1] = line
end

local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

-- A national ID with letter A (10): 1 + 0*9, then weights 8..1, check digit.
local function national_id(k)
  local body = string.format("1%07d", k % 10000000)
  local sum = 1
  for i = 1, 8 do
    sum = sum + tonumber(body:sub(i, i)) * (9 - i)
  end
  return "A" .. body .. tostring((10 - sum % 10) % 10)
end

local n = 0
local headers = { ["Content-Type"] = "application/json" }
function request()
  n = n + 1
  local k = (tonumber(os.getenv("FH_ROUND") or "0") * 8 + tid) * 1000000 + n
  local body = string.format(
    '{"office":"taichung-south","service":"marriage","start":"%s","name":"Bench %d",' ..
    '"national_id":"%s","phone":"0912345678","lang":"en"}',
    starts[(k % #starts) + 1], k, national_id(k))
  return wrk.format("POST", "/api/v1/bookings", headers, body)
end

local bad = 0
function response(status, hdrs, body)
  if status ~= 201 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("unexpected answer " .. status .. ": " .. body .. "\n") end
  end
end
