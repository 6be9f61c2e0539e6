-- wrk script for POST /messages: one small message per request, the body the browser page sends.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"AuthorUsername":"bench","Text":"benchmark post"}'
