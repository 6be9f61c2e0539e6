/**
 * What the course's two exercise programs, testcpu and testram, both do: plain Java like them, so that neither image
 * gains more than a few classes.
 */
package dev.synergychat.coursetools;
