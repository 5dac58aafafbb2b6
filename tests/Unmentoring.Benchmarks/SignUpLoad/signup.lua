-- wrk script: POSTs the sign-up form as a browser would after showing it once. The antiforgery token, its
-- cookie and the signed "shown" stamp come from one GET made by run.sh (they are reusable); every request
-- uses a new email address, so each one creates a participant, a token and an outbox row.
local token = os.getenv("ANTIFORGERY_TOKEN")
local cookie = os.getenv("ANTIFORGERY_COOKIE")
local shown = os.getenv("SHOWN_STAMP")
local counter = 0
local thread_id = 0
-- Seeded from the clock so the warm-up and the measured run use different addresses.
math.randomseed(os.time())

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("thread_id", math.random(1, 1000000000))
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

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
