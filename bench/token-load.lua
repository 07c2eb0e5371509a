-- wrk script of bench/token-load.sh: POST /oauth/token (client_credentials), each request with
-- its own private_key_jwt assertion from a file of one assertion a line.
--
--   wrk ... -s bench/token-load.lua URL/oauth/token -- ASSERTIONS_FILE THREADS
--
-- Thread i of THREADS sends lines i, i + THREADS, ...; a thread that runs out starts its lines
-- again, and the server refuses those replays (counted by wrk as non-2xx).
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local file, threads = args[1], tonumber(args[2])
  bodies = {}
  local prefix = "grant_type=client_credentials"
    .. "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
    .. "&client_assertion="
  local line_no = 0
  for line in io.lines(file) do
    if line_no % threads == id - 1 then
      bodies[#bodies + 1] = prefix .. line
    end
    line_no = line_no + 1
  end
  sent = 0
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
end

function request()
  sent = sent + 1
  return wrk.format("POST", nil, headers, bodies[(sent - 1) % #bodies + 1])
end
