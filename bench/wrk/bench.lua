-- wrk script of bench/run: one request shape per scenario, every answer's status counted, and
-- one machine-readable line from done():
--   BENCH requests=N duration_s=S rps=R p50_ms=A p99_ms=B non2xx=K socket_errors=E
--
-- Environment (read in every Lua state: wrk's main one and one per thread):
--   BENCH_METHOD, BENCH_BODY, BENCH_AUTH (Authorization header), BENCH_FORM=1 (form body)
--   BENCH_MODE=refresh: rotating refresh. BENCH_TOKENS_IN names a file of fresh refresh tokens,
--     one a line, one per connection; BENCH_PER_THREAD is connections / threads.
--     BENCH_CLIENT_ID / BENCH_CLIENT_SECRET authenticate the app (client_secret_post).
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

function init(args)
  if mode == "refresh" then
    for t in string.gmatch(seed_tokens or "", "%S+") do pool[#pool + 1] = t end
    refresh_prefix = "grant_type=refresh_token&client_id=" .. os.getenv("BENCH_CLIENT_ID")
        .. "&client_secret=" .. os.getenv("BENCH_CLIENT_SECRET") .. "&refresh_token="
  end
end

if mode == "refresh" then
  function request()
    if not shape_checked and thread_index == 1 then
      shape_checked = true   -- wrk's own look at the request before the thread starts: never sent
      return wrk.format("POST", nil, nil, refresh_prefix .. "wrk-checks-the-request-shape")
    end
    local token = table.remove(pool)
    if token == nil then token = "pool-empty-a-chain-was-lost" end  -- answered 400: counted, run invalid
    return wrk.format("POST", nil, nil, refresh_prefix .. token)
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
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      bad, e.connect + e.read + e.write + e.timeout))
end
