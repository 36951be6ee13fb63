// Package validate holds pure validators for French identifiers typed into
// the replicated administrative forms.
//
// Each validator returns the normalised value and a problem key. The key is
// "" when the value is valid; otherwise it is a message id translated
// elsewhere, so the keys are part of the contract and must not change.
// On failure the returned value is only a best-effort cleanup (separators
// removed) that callers may redisplay or ignore.
//
// The validators never touch the network or any state: they can be used in
// handlers, in tests and in fuzzing alike.
package validate
