/**
 * What the services' tests share: {@link dev.synergychat.testsupport.TestServers} (the real PostgreSQL and Redis
 * they run against), {@link dev.synergychat.testsupport.TcpProxy} (cut a connection to one for real),
 * {@link dev.synergychat.testsupport.TestClock} (move time instead of sleeping),
 * {@link dev.synergychat.testsupport.SlowCrawler} (a crawler that keeps api waiting),
 * {@link dev.synergychat.testsupport.HttpPolling} (wait for an answer) and
 * {@link dev.synergychat.testsupport.PreparedEnvironment} (what environment variables mean, without a start).
 */
@NullMarked
package dev.synergychat.testsupport;

import org.jspecify.annotations.NullMarked;
