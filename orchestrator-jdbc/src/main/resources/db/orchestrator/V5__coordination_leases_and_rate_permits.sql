-- Coordination between instances on one database (issue 9). A named lease (the deposit watcher's
-- leadership, a channel account in use) is held by owner until expires_at; a free, expired or own
-- lease is taken by one conditional write, and a lease nobody renews ends by itself.
CREATE TABLE oh_leases (
  name       VARCHAR(128) PRIMARY KEY,
  owner      VARCHAR(128) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Shared rate limits (Trustless Work allows 50 requests a minute per API key). A limiter of N
-- permits per window keeps N slots, each holding when its last permit was taken; a slot is taken
-- again only once that time has left the window, so no span of one window holds more than N.
-- limiter names the limited resource (never an API key itself).
CREATE TABLE oh_rate_permits (
  limiter  VARCHAR(128) NOT NULL,
  slot     INTEGER NOT NULL,
  taken_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (limiter, slot)
);
