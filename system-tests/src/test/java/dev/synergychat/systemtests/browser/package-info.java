/**
 * The chat page in a real browser: {@link dev.synergychat.systemtests.browser.Chromium} starts Debian's headless
 * Chromium through its chromedriver, {@link dev.synergychat.systemtests.browser.ChatPage} drives the page and reads
 * what it shows. Both are written to be reused against any topology's entry URL, HTTPS with a self-signed
 * certificate included.
 */
package dev.synergychat.systemtests.browser;
