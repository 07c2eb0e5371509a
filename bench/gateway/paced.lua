-- wrk: each connection waits DELAY_MS milliseconds before each request, so that C connections
-- send about C * 1000 / DELAY_MS requests a second whatever the latency (while it stays well below
-- the delay): a fixed rate for a latency measurement at part of the peak load. The token, if any,
-- comes from TOKEN.
local pause = tonumber(os.getenv("DELAY_MS") or "10")
local token = os.getenv("TOKEN")
function delay()
  return pause
end
function request()
  if token and #token > 0 then
    return wrk.format("GET", "/orders/1", { ["Authorization"] = "Bearer " .. token })
  end
  return wrk.format("GET", "/orders/1")
end
