/**
 * testcpu, the course's CPU exercise: keeps every core the container may use busy until it is stopped, so that a
 * student can watch a CPU limit throttle it and an autoscaler add pods.
 */
package dev.synergychat.testcpu;
