-- wrk script: POSTs the sign-up form as a browser would after showing it once. The antiforgery token, its
-- cookie and the signed "shown" stamp come from one GET made by run.sh (they are reusable); every request
-- uses a new email address, so each one creates a participant, a token and an outbox row.
local token = os.getenv("ANTIFORGERY_TOKEN")
local cookie = os.getenv("ANTIFORGERY_COOKIE")
local shown = os.getenv("SHOWN_STAMP")
-- Globals, so that setup() can give each thread its own id and done() can read each thread's counts.
counter = 0
thread_id = 0
not_redirected = 0
local threads = {}
-- Seeded from the clock so the warm-up and the measured run use different addresses.
math.randomseed(os.time())

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("thread_id", math.random(1, 1000000000))
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local email = string.format("load-%d-%d@council%d.gov.uk", thread_id, counter, counter % 50)
  local body = "__RequestVerificationToken=" .. urlencode(token) ..
    "&shown=" .. urlencode(shown) ..
    "&name=Load+Test&email=" .. urlencode(email) ..
    "&organisation=&role=Tester&phone=&video=&intro=Measuring+sign-ups&cadence=monthly&consent=yes&conduct=yes&website="
  return wrk.format("POST", "/sign-up", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

-- A successful sign-up answers 302 to the check-your-email page; anything else is counted.
function response(status, headers, body)
  if status ~= 302 then
    not_redirected = not_redirected + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("not_redirected")
  end
  io.write(string.format("responses other than 302: %d\n", failed))
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
