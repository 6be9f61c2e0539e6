/**
 * The README's first command, {@code ./mvnw -Plocal}, run for real on a copy of the repository: the stack it
 * starts on ports 8080 to 8082, and what is left once it stops.
 */
package dev.synergychat.systemtests.local;
