-- Anonymous visitor on an aisle page (no cookies): whole cached page, or 304 once the browser has the ETag.
-- wrk sends no If-None-Match, so this measures full 200 responses.
wrk.method = "GET"
