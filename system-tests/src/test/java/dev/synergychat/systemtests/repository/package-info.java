/**
 * What the repository itself holds, read from git: no private key, certificate or environment file with secrets is
 * committed, and the places where users keep theirs are ignored by git; the performance page is the benchmark
 * script's output, charts and README lines included.
 */
package dev.synergychat.systemtests.repository;
