-- Random searches as organisers type them: first names, surnames, addresses, organisations, one letter.
local terms = { "ada", "grace", "smith", "jon", "tayl", "bro", "amara.", "ben.wil", "organisation 12", "o", "s", "zara", "hugh" }
local statuses = { "", "", "", "active", "paused", "undeliverable" }
math.randomseed(os.time())
request = function()
  local path = "/organise/participants?q=" .. terms[math.random(#terms)]:gsub(" ", "+") .. "&status=" .. statuses[math.random(#statuses)]
  return wrk.format("GET", path)
end
