/**
 * The images and the three Docker topologies, run for real on a local Docker engine: the Jib images themselves,
 * {@code docker run} with published ports (topology 1), one user-defined network as commands and as compose
 * (topology 2), and compose behind nginx with HTTPS (topology 3). Each test drives its topology from the outside
 * the way a user would, through the scripts and compose files that the docs quote, and removes everything it
 * started.
 */
package dev.synergychat.systemtests.docker;
