-- Anonymous aisle pages cycling through more (aisle, page) pairs than the page cache holds
-- (GROCER_PATHS_FILE, one path a line): every request renders its page.
local paths = {}
for line in io.lines(os.getenv("GROCER_PATHS_FILE")) do
  table.insert(paths, line)
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
