package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.job.SendStop;
import picocli.CommandLine.Command;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/** {@code serve}: the one-click unsubscribe endpoint the digest's links point to. */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Serve the unsubscribe links: POST /unsubscribe/{token} unsubscribes (RFC 8058 one-click),",
				"GET /unsubscribe/{token} shows a confirmation page whose button POSTs. Port: --server.port (8080).",
				"Runs until Ctrl-C or SIGTERM." })
class ServeCommand implements DigestCommand {

	@Override
	public boolean servesWeb() {
		return true;
	}

	@Override
	public int run(ApplicationContext context, PrintStream out) {
		int port = (context instanceof WebServerApplicationContext web) ? web.getWebServer().getPort() : -1;
		String base = context.getBean(DigestProperties.class).getUnsubscribe().getBaseUrl();
		out.printf("Serving unsubscribe links on port %d (links in mail: %s/unsubscribe/{token}). Ctrl-C stops.%n", port,
				base.isEmpty() ? context.getBean(DigestProperties.class).getSiteBaseUrl() : base);
		SendStop stop = context.getBean(SendStop.class);
		while (!stop.isRequested()) {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		out.println("Stopped serving.");
		return ExitCode.OK;
	}

}
