-- wrk's summary as one JSON line: latency percentiles, requests per second,
-- and every failed request (a status other than 2xx or 3xx counts as one).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"p50_ms": %.1f, "p95_ms": %.1f, "rps": %.1f, "requests": %d, "errors": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
