-- Signed-in shoppers adding one step of a product to their cart, as the "Add to cart" form posts it.
-- Rotates over GROCER_SESSIONS_FILE (one session a line, one per bench shopper) and
-- GROCER_CART_ADDITIONS_FILE ("product_id quantity" a line).
local sessions, additions = {}, {}
for line in io.lines(os.getenv("GROCER_SESSIONS_FILE")) do table.insert(sessions, line) end
for line in io.lines(os.getenv("GROCER_CART_ADDITIONS_FILE")) do
  local id, quantity = line:match("(%S+) (%S+)")
  table.insert(additions, "product_id=" .. id .. "&quantity=" .. quantity)
end
local origin = os.getenv("GROCER_ORIGIN")
local i = 0
request = function()
  i = i + 1
  local headers = {
    ["Cookie"] = "grocer_session=" .. sessions[(i % #sessions) + 1],
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", "/cart/items", headers, additions[(i % #additions) + 1])
end
