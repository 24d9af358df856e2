-- wrk script for the tip-intake benchmark (bench/run.py): POSTs named tips as
-- JSON to /api/v1/complaints. Named, because anonymous tips are throttled per
-- client (server/src/complaints/service.rs); every tip passes validate_tip
-- (a known category, at least ten characters, a name and a valid phone).
--
-- Counts 201 answers (acknowledged tips) and everything else per thread, and
-- prints one machine-readable line at the end:
--   BENCH created=N other=N duration_us=N p50_us=N p90_us=N p99_us=N max_us=N

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  created = 0
  other = 0
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"category":"other","description":"基准测试线索：窗口办理补贴申报时多次要求补交材料（线程 %d，第 %d 条）",'
      .. '"subject_unit":"区政务服务中心","anonymous":false,"name":"测试","phone":"13800000000"}',
    id, counter)
  return wrk.format(nil, "/api/v1/complaints", nil, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  io.write(string.format(
    "BENCH created=%d other=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    c, o, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
