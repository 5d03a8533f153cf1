-- Signed-in shopper on an aisle page: the shell (name, cart) is rendered per request around the cached shelf.
wrk.method = "GET"
wrk.headers["Cookie"] = "grocer_session=" .. os.getenv("GROCER_SESSION")
