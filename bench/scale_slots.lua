-- scale_slots.lua: wrk script for bench/scale.sh: 31-day slot listings of
-- the demo office with the service and the first day moved on every
-- request: 10 services x 30 first days (2026-03-02 .. 2026-03-31, so every
-- listing covers part of the month that bench/scale.sh fills) = 300
-- different questions. Thread t of FH_THREADS (default 2) asks questions
-- t, t + FH_THREADS, ...: the threads never ask the same one, and a thread
-- asks one again only after 300 / FH_THREADS others, so the server's
-- answer cache (32 answers) never serves one. (A cache of 150 answers or
-- more would: then widen the range of first days.) No response hook: wrk
-- counts the answers that are not 2xx itself, and parses no bodies.
local services = {
  "marriage", "name_change", "seal_registration", "seal_change", "seal_cancellation",
  "id_first_issue", "id_replacement", "household_transcript", "moving", "birth_registration",
}
local first_days = 30
local questions = #services * first_days

local function path(k)
  local service = services[k % #services + 1]
  local d = math.floor(k / #services) % first_days -- days after 2026-03-02
  -- 2026-03 has 31 days: day d + 2 of March; the listing ends 30 days later.
  local from = string.format("2026-03-%02d", d + 2)
  local last = d + 2 + 30 -- a day of March past 31 is one of April
  local to = last <= 31 and string.format("2026-03-%02d", last)
    or string.format("2026-04-%02d", last - 31)
  return string.format("/api/v1/offices/taichung-south/slots?service=%s&from=%s&to=%s",
    service, from, to)
end

local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local stride = tonumber(os.getenv("FH_THREADS") or "2")
local n = -1
function request()
  n = n + 1
  return wrk.format("GET", path((n * stride + tid) % questions))
end

