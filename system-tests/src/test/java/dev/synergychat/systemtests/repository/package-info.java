/**
 * What the repository itself holds, read from git: no private key, certificate or environment file with secrets is
 * committed, and the places where users keep theirs are ignored by git.
 */
package dev.synergychat.systemtests.repository;
