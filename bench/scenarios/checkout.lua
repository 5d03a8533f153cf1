-- "Place order": each request is a different shopper (GROCER_SESSIONS_FILE) with a cart of three
-- lines ready, with a fresh idempotency key. The runner counts the orders the store recorded.
local sessions = {}
for line in io.lines(os.getenv("GROCER_SESSIONS_FILE")) do table.insert(sessions, line) end
local origin = os.getenv("GROCER_ORIGIN")
local run = os.getenv("GROCER_RUN_ID")
-- GROCER_SESSIONS_OFFSET skips the shoppers an earlier run of the same store already used.
local i = tonumber(os.getenv("GROCER_SESSIONS_OFFSET") or "0")
request = function()
  i = i + 1
  local headers = {
    ["Cookie"] = "grocer_session=" .. sessions[((i - 1) % #sessions) + 1],
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", "/checkout", headers, string.format("fulfilment=pickup&idempotency_key=bench-%s-%08d", run, i))
end
