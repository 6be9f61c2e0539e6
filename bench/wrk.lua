-- The one wrk script of bench/run.sh. Settings come from the environment, so every run uses the same file:
--   BENCH_PORTS          loopback ports to spread the threads over, one port a thread in turn (two replicas get
--                        one wrk thread and half the connections each, as a load balancer would share them)
--   BENCH_POST_BODY      POST this JSON body instead of a GET
--   BENCH_IF_NONE_MATCH  send this If-None-Match header (a conditional GET)
-- It prints one line, "result <requests/s> <p50> <p75> <p90> <p99> <p99.9> <socket errors> <non-2xx/3xx>", the
-- latencies in milliseconds.
local body = os.getenv("BENCH_POST_BODY")
if body ~= nil and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

local tag = os.getenv("BENCH_IF_NONE_MATCH")
if tag ~= nil and tag ~= "" then
  wrk.headers["If-None-Match"] = tag
end

local started = 0

function setup(thread)
  local ports = {}
  for port in (os.getenv("BENCH_PORTS") or ""):gmatch("%d+") do
    ports[#ports + 1] = port
  end
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[started % #ports + 1])[1]
  end
  started = started + 1
end

function done(summary, latency, requests)
  local errors = summary.errors
  local ms = function(percent) return latency:percentile(percent) / 1000 end
  io.write(string.format("result %.1f %.2f %.2f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6), ms(50), ms(75), ms(90), ms(99), ms(99.9),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
