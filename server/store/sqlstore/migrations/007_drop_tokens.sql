-- The forms' tokens are no longer stored: each is an HMAC of the
-- browser's secret and session under the key of the secrets table, so
-- drawing a page writes nothing. secure_delete zeroes the freed pages.
DROP TABLE tokens;
