-- wrk -s benches/serve/convert.lua: POST /api/convert, one conversion.
wrk.method = "POST"
wrk.path = "/api/convert"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"amount": "$100M", "to": "EUR", "on": "2025-07-08"}'
