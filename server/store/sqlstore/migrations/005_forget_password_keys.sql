-- Attempts saved before this version kept, in their Login, the HMAC key
-- of the practice password's fingerprint beside the fingerprint: with a
-- word list, anyone reading the file could test guesses. The key now
-- lives only in the server's memory (engine.Engine); it leaves the stored
-- attempts here, as the writer zeroes the old rows (secure_delete) and
-- Open empties the WAL after the migrations. Those accounts have no
-- KeyID: their password cannot be checked, and the engine says so.
-- attempts is JSON text in a BLOB, which the JSON functions would read
-- as JSONB: hence the casts.
UPDATE sessions SET attempts = CAST((
	SELECT json_group_object(a.key, json_remove(a.value, '$.Login.Key'))
	FROM json_each(CAST(sessions.attempts AS TEXT)) AS a
) AS BLOB)
WHERE instr(CAST(attempts AS TEXT), '"Key":[') > 0;
