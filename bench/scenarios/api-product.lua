-- API: one product by id, cycling through GROCER_PRODUCT_IDS_FILE (one id a line).
local ids = {}
for line in io.lines(os.getenv("GROCER_PRODUCT_IDS_FILE")) do table.insert(ids, line) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/products/" .. ids[(i % #ids) + 1])
end
