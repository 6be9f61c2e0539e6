/**
 * What the services' tests share: {@link dev.synergychat.testsupport.TestServers} (the real PostgreSQL and Redis
 * they run against) and {@link dev.synergychat.testsupport.TcpProxy} (cut a connection to one for real).
 */
@NullMarked
package dev.synergychat.testsupport;

import org.jspecify.annotations.NullMarked;
