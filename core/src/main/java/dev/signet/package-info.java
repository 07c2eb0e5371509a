@org.jspecify.annotations.NullMarked
package dev.signet;
