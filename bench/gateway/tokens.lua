-- wrk: a different access token on each request, round robin over tokens.txt (one per line),
-- each thread starting at its own offset. Without TOKENS_FILE set, wrk's own headers are used.
local tokens = {}
local i = 0
local path = os.getenv("TOKENS_FILE")
for line in io.lines(path) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
function init(args)
  i = offset or 0
end
function request()
  i = i + 1
  return wrk.format("GET", "/orders/1", { ["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1] })
end
