-- A random person's page among the seeded 100,000.
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/organise/participants/" .. math.random(1, 100000))
end
