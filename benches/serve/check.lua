-- wrk -s benches/serve/check.lua: POST /api/check, the README's scenario
-- (7 claims, 3 offers, 2 deals), read from scenarios/ at wrk's start.
local f = assert(io.open("scenarios/ai-talent-war-2025.toml", "rb"))
wrk.method = "POST"
wrk.path = "/api/check"
wrk.headers["Content-Type"] = "application/toml"
wrk.body = f:read("*a")
f:close()
