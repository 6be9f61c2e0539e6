package dev.synergychat.crawler.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a real server, so a test can cut the connection for real:
 * {@link #cut()} closes every open connection and stops listening, {@link #restore()} listens on the same port
 * again. The application under test sees exactly what a network failure looks like.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final int port;

	private volatile ServerSocket listener;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		acceptIn(this.listener);
	}

	public static TcpProxy to(String host, int port) throws IOException {
		return new TcpProxy(host, port);
	}

	public int port() {
		return this.port;
	}

	/** Drops every connection and refuses new ones. */
	public synchronized void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/** Accepts connections on the same port again. */
	public synchronized void restore() throws IOException {
		this.listener = listen(this.port);
		acceptIn(this.listener);
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void acceptIn(ServerSocket socket) {
		Thread.ofVirtual().name("proxy-accept").start(() -> {
			while (!socket.isClosed()) {
				Socket client;
				try {
					client = socket.accept();
				}
				catch (IOException ex) {
					continue; // cut() closed the listener; the loop condition ends this thread.
				}
				try {
					Socket server = new Socket(this.targetHost, this.targetPort);
					this.sockets.add(client);
					this.sockets.add(server);
					pump(client, server);
					pump(server, client);
				}
				catch (IOException ex) {
					closeQuietly(client);
				}
			}
		});
	}

	private void pump(Socket from, Socket to) {
		Thread.ofVirtual().name("proxy-pump").start(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// One side closed; closing both below ends the other pump too.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed: nothing left to release.
		}
	}

}
