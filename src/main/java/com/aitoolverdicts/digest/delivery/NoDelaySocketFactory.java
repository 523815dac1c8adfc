package com.aitoolverdicts.digest.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY}. Without it each message's last segment (the final
 * {@code .}) waits for the server's delayed ACK: measured here, about 40 ms a message, which
 * capped one connection at ~20 messages a second with the CPU idle.
 */
final class NoDelaySocketFactory extends SocketFactory {

	private final SocketFactory delegate = SocketFactory.getDefault();

	@Override
	public Socket createSocket() throws IOException {
		return noDelay(this.delegate.createSocket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(this.delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return noDelay(this.delegate.createSocket(address, port, localAddress, localPort));
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}
