/**
 * Whole-stack tests on the packaged jars: api and crawler both real, wired as in {@code ./mvnw -Plocal}, checked
 * from the outside over HTTP.
 */
package dev.synergychat.systemtests.stack;
