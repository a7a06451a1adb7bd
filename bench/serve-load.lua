-- serve-load.lua - wrk script for bench/serve-load.sh: each request takes
-- the next path of the file named by WRK_PATHS (one URL path a line), so
-- the load rotates through the query mix; counts the non-200 answers.
local paths, n = {}, 0
for line in io.lines(os.getenv("WRK_PATHS")) do
  n = n + 1
  paths[n] = line
end
local i, bad = 0, 0

function setup(thread)
  -- each wrk thread starts at another place in the mix
  thread:set("start", math.random(n))
end

function init(args)
  i = start or 0
end

function request()
  i = i % n + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  io.write(string.format(
    "requests %d in %.1f s: %.0f/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; " ..
    "socket errors %d (connect %d, read %d, write %d, timeout %d); non-2xx %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
