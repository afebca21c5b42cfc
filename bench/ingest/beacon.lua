-- wrk script for bench:ingest: every request is POST /v1/responses with the widget's text/plain beacon
-- holding one valid NPS response with a fresh UUIDv7 id. Set by wrk.ts through the environment:
-- BENCH_SITE, BENCH_SURVEY, BENCH_ORIGIN, BENCH_IDS (v7|v4), BENCH_CLOSE (1: a new connection per request);
-- BENCH_VARS=rich (read from the bench's own environment) adds four variables a shop would send.
-- done() prints one JSON line that wrk.ts reads.

local site = os.getenv("BENCH_SITE") or "bench"
local survey = os.getenv("BENCH_SURVEY") or "nps"
local origin = os.getenv("BENCH_ORIGIN") or "https://shop.example"
local v4 = os.getenv("BENCH_IDS") == "v4"
local close = os.getenv("BENCH_CLOSE") == "1"
local rich = os.getenv("BENCH_VARS") == "rich"

-- NPS scores in a plausible mix (about 60 % promoters, 15 % detractors), cycled as in load.ts.
local scores = { 10, 9, 10, 8, 9, 10, 7, 9, 6, 10, 8, 9, 3, 10, 9, 7, 10, 9, 8, 5 }
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
}

-- Comments carried by 3 responses in 10, cycled, as in load.ts: the insight worker analyses them meanwhile.
local comments = {
  "The queue at the checkout was far too long.",
  "Staff were friendly and helpful, thanks!",
  "Delivery was late and the box was damaged.",
  "Great prices but the website is slow.",
  "Could not find my size, the shelves were empty.",
  "Der Kassierer war sehr freundlich.",
  "Returns were easy and the refund came quickly.",
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local n = 0
local started_ms = 0
function init(args)
  -- Each wrk process gets its own seed (BENCH_SEED, from wrk.ts): two processes started in the same second
  -- would otherwise make the same ids, and a repeated id is a duplicate, not a new response.
  math.randomseed((tonumber(os.getenv("BENCH_SEED")) or os.time()) * 16 + (tid or 0))
  started_ms = os.time() * 1000
end

local function hex16() return string.format("%04x", math.random(0, 0xffff)) end

-- UUIDv7 (RFC 9562): 48-bit milliseconds, version 7, variant 10, random rest. Lua has only whole seconds,
-- so the millisecond part advances with the request count: time-ordered within a thread, as a widget's are.
local function uuid()
  local ms = started_ms + math.floor(n / 8)
  local head = v4 and (hex16() .. hex16() .. "-" .. hex16())
    or string.format("%08x-%04x", math.floor(ms / 65536), ms % 65536)
  local version = v4 and "4" or "7"
  return head .. "-" .. version .. string.format("%03x", math.random(0, 0xfff)) .. "-"
    .. string.format("%04x", 0x8000 + math.random(0, 0x3fff)) .. "-" .. hex16() .. hex16() .. hex16()
end

-- BENCH_VARS=rich: region, segment, category and membership besides the cart value, as in load.ts. Each has
-- a few levels, so each is rolled up with its own levels, crossed with the others in the pairwise rollups and
-- counted in the insight rollups by level: the write path of a site that segments its answers.
local regions = { "North", "South", "East", "West" }
local segments = { "new", "regular", "loyalty-gold" }
local categories = { "running", "outerwear", "hiking", "kids", "accessories" }
local function vars()
  local v = '"cart":' .. (n % 500)
  if not rich then return v end
  return v .. ',"region":"' .. regions[n % 4 + 1] .. '","segment":"' .. segments[math.floor(n / 4) % 3 + 1]
    .. '","category":"' .. categories[math.floor(n / 12) % 5 + 1] .. '","member":' .. tostring(n % 7 < 3)
end

function request()
  n = n + 1
  local comment = ""
  if n % 10 < 3 then comment = ',"comment":"' .. comments[n % #comments + 1] .. '"' end
  local body = '{"id":"' .. uuid() .. '","site":"' .. site .. '","survey":"' .. survey
    .. '","answers":{"nps":' .. scores[n % #scores + 1] .. comment .. '},"createdAt":"'
    .. os.date("!%Y-%m-%dT%H:%M:%S.000Z") .. '","context":{"channel":"web","url":"' .. origin
    .. '/checkout","trigger":"exit-intent:desktop","vars":{' .. vars() .. '}}}'
  local headers = {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["Origin"] = origin,
    ["User-Agent"] = agents[n % #agents + 1],
  }
  if close then headers["Connection"] = "close" end
  return wrk.format("POST", "/v1/responses", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50Us":%d,"p99Us":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
