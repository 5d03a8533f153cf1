-- "Place order" through the API: each request is a different shopper (GROCER_TOKENS_FILE, Bearer) with a cart of three
-- lines ready, with a fresh Idempotency-Key. The runner counts the orders the store recorded; the
-- answers are tallied by status (201 placed), printed at the end as "checkout answers: ..." so a
-- refused run is named. The same shoppers as checkout.lua, in the same order (bench/fixtures.ts).
local sessions = {} -- access tokens
for line in io.lines(os.getenv("GROCER_TOKENS_FILE")) do table.insert(sessions, line) end
local origin = os.getenv("GROCER_ORIGIN")
local run = os.getenv("GROCER_RUN_ID")
-- GROCER_SESSIONS_OFFSET skips the shoppers an earlier run of the same store already used.
local i = tonumber(os.getenv("GROCER_SESSIONS_OFFSET") or "0")
local threads = {}
answers = {}

setup = function(thread)
  table.insert(threads, thread)
end

request = function()
  i = i + 1
  local headers = {
    ["Authorization"] = "Bearer " .. sessions[((i - 1) % #sessions) + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%08d", run, i),
  }
  return wrk.format("POST", "/api/v1/checkout", headers, '{"fulfilment":"pickup","payment_method":"on_delivery"}')
end

response = function(status, headers, body)
  local key = tostring(status)
  local location = headers["Location"] or headers["location"]
  if location then key = key .. " " .. (string.match(location, "^/orders/") and "/orders/N" or location) end
  answers[key] = (answers[key] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local tally = thread:get("answers")
    for key, n in pairs(tally) do total[key] = (total[key] or 0) + n end
  end
  local parts = {}
  for key, n in pairs(total) do table.insert(parts, key .. "=" .. n) end
  table.sort(parts)
  io.write("checkout answers: " .. table.concat(parts, ", ") .. "\n")
end
