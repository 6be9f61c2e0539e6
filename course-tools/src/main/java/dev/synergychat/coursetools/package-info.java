/**
 * What testcpu and testram share, compiled into each of them (the course-tools POM adds this folder to both): the
 * clock behind the "started in" figure of their first log line.
 */
package dev.synergychat.coursetools;
