-- wrk script of bench/run: one request shape per scenario, every answer's status counted, and
-- one machine-readable line from done():
--   BENCH requests=N duration_s=S rps=R p50_ms=A p99_ms=B non2xx=K socket_errors=E
-- and, paced (BENCH_RATE), after them: rate=R sent=N offered_rps=O skipped=K
--
-- Environment (read in every Lua state: wrk's main one and one per thread):
--   BENCH_METHOD, BENCH_BODY, BENCH_AUTH (Authorization header), BENCH_FORM=1 (form body)
--   BENCH_ORIGINAL_URI: X-Original-Method GET and X-Original-URI (forward-auth's /auth/check)
--   BENCH_MODE=refresh: rotating refresh. BENCH_TOKENS_IN names a file of fresh refresh tokens,
--     one a line, one per connection; BENCH_PER_THREAD is connections / threads.
--     BENCH_CLIENT_ID / BENCH_CLIENT_SECRET authenticate the app (client_secret_post).
--   BENCH_RATE=R, BENCH_THREADS=T: paced, open loop (bench/run's flood). The whole run offers R
--     requests/s, whatever the answers take; T must be wrk's -t. Without them, closed loop: each
--     connection sends its next request as soon as the answer to the last one is in.
--
-- Pacing. wrk (4.1, LuaJIT) asks the thread's delay() for a wait in milliseconds before each
-- request of each connection (its first one too), and request() when it actually writes one. Each
-- thread owns the schedule of R/T requests/s: slots 1000*T/R ms apart, the threads' slots
-- interleaved. delay() hands the next free slot to the asking connection and returns the time
-- until it (rounded up, by CLOCK_MONOTONIC through the FFI): a connection never sends before its
-- slot, so the run never gets ahead of the schedule. A connection is free again once its answer is
-- in; while answers are slow, slots pass with no free connection, and the next free ones send those
-- at once (catching up) - but at most one second of them: slots older than that are given up and
-- counted (skipped), so a stall never turns into a burst. Enough connections (bench/run: 256
-- against answers of at most about a second) leave none of that to happen: offered_rps, the
-- requests actually written per second of the run, is then R. (wrk's latencies run from the
-- write, not from the slot: they are the server's answer times, not the schedule's.)
--
-- Refresh chains. wrk gives each thread connections/threads connections and one Lua state, and
-- calls request() and response() of that state for all of its connections. A connection has one
-- request in flight at a time (no pipelining), and wrk calls response() for an answer before it
-- asks request() for that connection's next request. So each thread keeps a pool of refresh
-- tokens that are not in flight: request() takes one out (no other connection can have it),
-- response() puts the rotated token from the answer back. Every token is sent exactly once; a
-- failed answer loses its chain (the pool shrinks, and the run is invalid anyway through non2xx).
-- wrk 4 also calls request() once on the first thread's state before it starts, only to check
-- the request's shape (script_verify_request, for pipelining); that call gets a dummy body, so
-- it takes no token from the pool.
-- wrk stops with requests in flight and never reads their answers, so the chains end with the
-- run: bench/run mints fresh tokens for every run (warm-up and measurement) instead of reusing.

local mode = os.getenv("BENCH_MODE") or "static"

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then wrk.body = body end
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
-- forward-auth: the original request, as nginx's auth_request sends it
local original = os.getenv("BENCH_ORIGINAL_URI")
if original and original ~= "" then
  wrk.headers["X-Original-Method"] = "GET"
  wrk.headers["X-Original-URI"] = original
end
if os.getenv("BENCH_FORM") == "1" or mode == "refresh" then
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- main state -----------------------------------------------------------------------------------
local threads = {}
local chains = {}   -- refresh: the token lines, handed out to the threads in setup()
local handed = 0

local function read_lines(path)
  local out = {}
  local f = path and io.open(path, "r")
  if not f then return out end
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_index", #threads)
  if mode == "refresh" then
    if #chains == 0 and handed == 0 then chains = read_lines(os.getenv("BENCH_TOKENS_IN")) end
    -- this thread's share: as many tokens as it has connections (tokens / threads; bench/run
    -- makes the thread count divide the connection count and passes one token per connection)
    local per = tonumber(os.getenv("BENCH_PER_THREAD") or "1")
    local mine = {}
    for i = 1, per do
      handed = handed + 1
      if chains[handed] then mine[#mine + 1] = chains[handed] end
    end
    thread:set("seed_tokens", table.concat(mine, " "))
  end
end

-- thread states ----------------------------------------------------------------------------------
non2xx = 0
local pool = {}
local refresh_prefix
local shape_checked = false
local static_request
local rate = tonumber(os.getenv("BENCH_RATE") or "")
local paced = rate ~= nil and rate > 0
sent = 0      -- paced: requests written by this thread
skipped = 0   -- paced: slots given up, more than a second late

function init(args)
  if mode == "refresh" then
    for t in string.gmatch(seed_tokens or "", "%S+") do pool[#pool + 1] = t end
    refresh_prefix = "grant_type=refresh_token&client_id=" .. os.getenv("BENCH_CLIENT_ID")
        .. "&client_secret=" .. os.getenv("BENCH_CLIENT_SECRET") .. "&refresh_token="
  end
end

-- request() only where needed (refresh, or counting the paced writes): without one, wrk sends its
-- one static request
if mode == "refresh" or paced then
  function request()
    if not shape_checked and thread_index == 1 then
      shape_checked = true   -- wrk's own look at the request before the thread starts: never sent
      if mode ~= "refresh" then return wrk.format() end
      return wrk.format("POST", nil, nil, refresh_prefix .. "wrk-checks-the-request-shape")
    end
    sent = sent + 1
    if mode ~= "refresh" then   -- the one static request, as wrk would send it
      static_request = static_request or wrk.format()
      return static_request
    end
    local token = table.remove(pool)
    if token == nil then token = "pool-empty-a-chain-was-lost" end  -- answered 400: counted, run invalid
    return wrk.format("POST", nil, nil, refresh_prefix .. token)
  end
end

if paced then
  local ffi = require("ffi")
  ffi.cdef[[
    struct bench_timespec { long tv_sec; long tv_nsec; };
    int clock_gettime(int clock_id, struct bench_timespec *tp);
  ]]
  local CLOCK_MONOTONIC = 1   -- Linux
  local ts = ffi.new("struct bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local threads_n = tonumber(os.getenv("BENCH_THREADS") or "1")
  local interval = 1000 * threads_n / rate   -- ms between this thread's slots
  local max_late = 1000                      -- ms: older slots are given up, not sent in a burst
  local next_slot

  function delay()
    local now = now_ms()
    if next_slot == nil then   -- the thread's first request: its schedule starts, offset per thread
      next_slot = now + ((thread_index or 1) - 1) * interval / threads_n
    end
    if next_slot < now - max_late then
      local n = math.floor((now - max_late - next_slot) / interval) + 1
      skipped = skipped + n
      next_slot = next_slot + n * interval
    end
    local slot = next_slot
    next_slot = next_slot + interval
    if slot <= now then return 0 end
    return math.ceil(slot - now)   -- wrk truncates to whole ms: rounded up, never early
  end
end

function response(status, headers, answer)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    return
  end
  if mode == "refresh" then
    local token = string.match(answer, '"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      pool[#pool + 1] = token
    else
      non2xx = non2xx + 1   -- a 2xx without a new refresh token breaks the chain: count it
    end
  end
end

-- main state again, after the run ----------------------------------------------------------------
function done(summary, latency, requests)
  local bad, written, late = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    written = written + (t:get("sent") or 0)
    late = late + (t:get("skipped") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local pacing = ""
  if paced then
    pacing = string.format(" rate=%.1f sent=%d offered_rps=%.1f skipped=%d", rate, written, written / seconds, late)
  end
  io.write(string.format("BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d%s\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      bad, e.connect + e.read + e.write + e.timeout, pacing))
end
