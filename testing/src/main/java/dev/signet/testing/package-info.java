/**
 * Test support for code that uses Signet: cached test keys ({@link dev.signet.testing.TestKeys}),
 * token builders that can also make the hostile tokens an attacker would send
 * ({@link dev.signet.testing.TestTokens}), a clock tests can move
 * ({@link dev.signet.testing.MutableClock}), and an executor that runs background work when a
 * test says so ({@link dev.signet.testing.ManualExecutor}).
 */
@NullMarked
package dev.signet.testing;

import org.jspecify.annotations.NullMarked;
