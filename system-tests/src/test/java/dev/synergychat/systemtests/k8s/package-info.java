/**
 * The Kubernetes assets under {@code k8s/}, checked without a cluster: every overlay and every combination of
 * components that the docs mention is rendered with {@code kubectl kustomize}, each rendered object is validated
 * against the published schema of its kind and version (unknown fields are errors), and the links between objects
 * that decide whether the chat works once applied (selectors, ports, probe paths, routes, the three URLs, network
 * flows, GKE Autopilot's rules) are checked object by object, each failure naming the object.
 */
package dev.synergychat.systemtests.k8s;
