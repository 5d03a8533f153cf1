-- "Place order": each request is a different shopper (GROCER_SESSIONS_FILE) with a cart of three
-- lines ready, with a fresh idempotency key. The runner counts the orders the store recorded; the
-- answers are tallied by status and by where a 303 sends the shopper (an order, or back to the
-- cart or sign-in page), printed at the end as "checkout answers: ..." so a refused run is named.
local sessions = {}
for line in io.lines(os.getenv("GROCER_SESSIONS_FILE")) do table.insert(sessions, line) end
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
    ["Cookie"] = "grocer_session=" .. sessions[((i - 1) % #sessions) + 1],
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", "/checkout", headers, string.format("fulfilment=pickup&payment_method=on_delivery&idempotency_key=bench-%s-%08d", run, i))
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
