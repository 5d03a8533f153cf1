-- Anonymous product pages, cycling through GROCER_PRODUCT_SLUGS_FILE (one slug a line): mostly cache misses.
local slugs = {}
for line in io.lines(os.getenv("GROCER_PRODUCT_SLUGS_FILE")) do
  table.insert(slugs, line)
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/products/" .. slugs[(i % #slugs) + 1])
end
