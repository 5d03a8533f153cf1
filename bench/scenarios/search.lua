-- Anonymous search page, cycling through what shoppers type (GROCER_SEARCH_TERMS, comma-separated).
local terms = {}
for term in string.gmatch(os.getenv("GROCER_SEARCH_TERMS") or "banan", "([^,]+)") do
  table.insert(terms, term)
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/search?q=" .. terms[(i % #terms) + 1])
end
