/**
 * testram, the course's memory exercise: allocates {@code MEGABYTES} MiB that the kernel really has to provide, and
 * holds it, so that a student can watch a container below that memory limit be OOM-killed and one above it stay up.
 */
package dev.synergychat.testram;
