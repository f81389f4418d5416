-- Fixed-window request counters shared by every server instance on one database (issue 12): the
-- example server's per-key rate limit (spec/02 §6) counts each request here with one upsert, so two
-- instances behind a load balancer share one limit. One row per counter: when its window started
-- and the hits in it; a hit after the window ended starts a new one. Rows of ended windows are
-- deleted now and then. counter names the caller (an API key id, an address), never a secret.
CREATE TABLE oh_rate_windows (
  counter      VARCHAR(128) PRIMARY KEY,
  window_start TIMESTAMP WITH TIME ZONE NOT NULL,
  hits         BIGINT NOT NULL
);
