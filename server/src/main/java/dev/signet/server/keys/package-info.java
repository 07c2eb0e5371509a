/**
 * The server's own keys: the signing keys of the tokens it issues (and, later, the keys that
 * decrypt what clients encrypt to it). They live in the database, their private halves sealed
 * under a master key, so that every instance signs with the same current key; they rotate on a
 * schedule or on demand, each new key published before it signs and each retired one published
 * until the tokens it signed have expired. {@link dev.signet.server.keys.SigningKeys} is the API
 * the rest of the server uses.
 */
@org.jspecify.annotations.NullMarked
package dev.signet.server.keys;
