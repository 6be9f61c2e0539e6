/**
 * The monitoring that ships with SynergyChat, under {@code observability/}: the Prometheus alert rules with their
 * promtool unit tests, the Grafana dashboard (its structure, and every panel's query evaluated by a real Prometheus
 * that scraped the running services), and the copies of both that the Kubernetes component carries.
 */
package dev.synergychat.systemtests.observability;
