-- Unsubscribe links are signed (HMAC of the subscriber's id and address, see UnsubscribeTokens):
-- the random token each subscriber got before is read by nothing any more.
ALTER TABLE subscriber DROP CONSTRAINT subscriber_token_uk;
ALTER TABLE subscriber DROP COLUMN unsubscribe_token;
