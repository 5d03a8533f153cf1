-- API: the first 24 products of an aisle, cycling through GROCER_AISLES (comma-separated slugs).
local aisles = {}
for slug in string.gmatch(os.getenv("GROCER_AISLES") or "fruit", "([^,]+)") do table.insert(aisles, slug) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/products?category=" .. aisles[(i % #aisles) + 1] .. "&limit=24")
end
