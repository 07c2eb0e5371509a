-- wrk script of bench/load.sh: GET the URL's path with "Authorization: JWT <token>", a distinct
-- token per request, read from a file made by TokenFile.java.
--   wrk ... -s tokens.lua URL -- FILE FIRST LAST THREADS
-- uses lines FIRST..LAST-1 of FILE (0-based), thread i taking every THREADS-th line from FIRST+i.
-- A thread that runs out starts over (the server then answers 401 to replays, which done() reports).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, first, last, stride = args[1], tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  tokens = {}
  local i = 0
  for line in io.lines(file) do
    if i >= last then break end
    if i >= first and (i - first) % stride == id then
      tokens[#tokens + 1] = "JWT " .. line
    end
    i = i + 1
  end
  used = 0
  wrapped = 0
end

function request()
  used = used + 1
  if used > #tokens then
    used = 1
    wrapped = wrapped + 1
  end
  return wrk.format("GET", nil, { ["Authorization"] = tokens[used] })
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do
    wraps = wraps + thread:get("wrapped")
  end
  io.write(string.format("tokens wrapped: %d\n", wraps))
end
