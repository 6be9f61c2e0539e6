package dev.synergychat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between the app and a real server, so a test can cut the connection for real without stopping
 * a server other people share: {@link #cut()} closes every open connection and refuses new ones (as a server that
 * went down), {@link #restore()} accepts again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final int port;

	private ServerSocket server;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
	}

	public static TcpProxy to(String host, int port) throws IOException {
		return new TcpProxy(new InetSocketAddress(host, port));
	}

	public int port() {
		return this.port;
	}

	public synchronized void cut() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	/**
	 * Accepts again on the same port. Right after {@link #cut()} the port may still be held for a moment while the
	 * closed listener's accept call returns, so binding is tried for up to a second.
	 */
	public synchronized void restore() throws IOException {
		if (!this.server.isClosed()) {
			return;
		}
		long deadline = System.nanoTime() + 1_000_000_000L;
		while (true) {
			try {
				this.server = listen(this.port);
				return;
			}
			catch (BindException stillHeld) {
				if (System.nanoTime() - deadline > 0) {
					throw stillHeld;
				}
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("interrupted while restoring the proxy");
				}
			}
		}
	}

	private ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		try {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		Thread.ofVirtual().name("tcp-proxy-accept").start(() -> accept(socket));
		return socket;
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				Socket upstream = new Socket();
				this.sockets.add(client);
				this.sockets.add(upstream);
				upstream.connect(this.target, 2_000);
				Thread.ofVirtual().start(() -> pipe(client, upstream));
				Thread.ofVirtual().start(() -> pipe(upstream, client));
			}
			catch (IOException ex) {
				// Closed by cut() or the upstream refused: the client sees its connection end.
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// One side closed; closing both below ends the other direction too.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private void closeQuietly(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
