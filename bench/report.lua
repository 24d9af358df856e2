-- wrk script for the page benchmarks (bench/run.py): no change to the requests,
-- only one machine-readable summary line at the end:
--   BENCH requests=N duration_us=N bytes=N p50_us=N p99_us=N max_us=N errors=N status_errors=N

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d max_us=%d errors=%d status_errors=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
