/**
 * Signet's adapters over Nimbus JOSE+JWT, BouncyCastle and Caffeine. Do not use: nothing here is
 * API, and any of it may change in any release.
 */
@NullMarked
package dev.signet.internal;

import org.jspecify.annotations.NullMarked;
