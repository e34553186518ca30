-- api_slots.lua: wrk script for bench/api.sh: a month of one service's
-- slots, with the range moved on every request (784 different ranges), so
-- that most answers are computed rather than served from the server's cache.
local n = 0
function setup(thread)
  thread:set("offset", math.random(0, 783))
end
function request()
  n = n + 1
  local k = (n + offset) % 784
  local path = string.format(
    "/api/v1/offices/taichung-south/slots?service=marriage&from=2026-03-%02d&to=2026-04-%02d",
    k % 28 + 1, math.floor(k / 28) + 1)
  return wrk.format("GET", path)
end
