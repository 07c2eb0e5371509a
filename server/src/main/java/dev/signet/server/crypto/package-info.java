/** The JCA provider Signet signs and verifies with: Amazon Corretto Crypto Provider when it loads, else the JDK's. */
@NullMarked
package dev.signet.server.crypto;

import org.jspecify.annotations.NullMarked;
