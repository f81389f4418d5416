-- Keyset pages (issue 11 item 3): every list the API pages is read newest first by
-- (created_at DESC, id DESC) after the last row of the previous page. These indexes end in
-- (created_at, id) after the filter column, so a page deep in a long list reads only its own rows.
CREATE INDEX oh_orders_buyer_keyset ON oh_orders (buyer_id, created_at, id);
CREATE INDEX oh_orders_seller_keyset ON oh_orders (seller_id, created_at, id);
DROP INDEX oh_orders_buyer;
DROP INDEX oh_orders_seller;
CREATE INDEX oh_topups_user_keyset ON oh_topups (user_id, created_at, id);
CREATE INDEX oh_topups_created ON oh_topups (created_at, id);
DROP INDEX oh_topups_user;
CREATE INDEX oh_withdrawals_user_keyset ON oh_withdrawals (user_id, created_at, id);
CREATE INDEX oh_withdrawals_created ON oh_withdrawals (created_at, id);
DROP INDEX oh_withdrawals_user;
