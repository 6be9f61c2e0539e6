/**
 * Helpers shared by the system tests: {@link dev.synergychat.systemtests.support.ServiceProcess} runs one packaged
 * service jar as a child process on a free loopback port, {@link dev.synergychat.systemtests.support.LocalStack}
 * runs all three wired together the way {@code ./mvnw -Plocal} does, and
 * {@link dev.synergychat.systemtests.support.ChatClient} talks to api and crawler over HTTP like any client would.
 */
package dev.synergychat.systemtests.support;
