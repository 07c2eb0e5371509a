/**
 * Test support for code that uses Signet: cached test keys ({@link dev.signet.testing.TestKeys}),
 * token builders that can also make the hostile tokens an attacker would send
 * ({@link dev.signet.testing.TestTokens}), and a clock tests can move
 * ({@link dev.signet.testing.MutableClock}).
 */
@NullMarked
package dev.signet.testing;

import org.jspecify.annotations.NullMarked;
