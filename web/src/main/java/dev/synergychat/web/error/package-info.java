/**
 * Turns request errors (unknown paths, wrong methods) into the project's JSON error body.
 */
package dev.synergychat.web.error;
