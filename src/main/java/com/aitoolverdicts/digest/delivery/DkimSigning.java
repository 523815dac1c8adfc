package com.aitoolverdicts.digest.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.DigestProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Optional DKIM signing (rsa-sha256, relaxed/relaxed) with simplejavamail's utils-mail-dkim. The
 * signature covers From, To, Subject, Date, Message-ID, List-Unsubscribe and List-Unsubscribe-Post
 * (RFC 8058 asks for the last two), among the library's defaults.
 */
final class DkimSigning {

	static {
		// Every MIME part Jakarta Mail 2.1 creates looks its stream provider up again, through the
		// ServiceLoader unless this names it: in the executable jar that scan cost more than the
		// rendering (jakartaee/mail-api#699, #861). Named, it is one Class.forName on a cached class.
		String streamProvider = "jakarta.mail.util.StreamProvider";
		if (System.getProperty(streamProvider) == null) {
			System.setProperty(streamProvider, "org.eclipse.angus.mail.util.MailStreamProvider");
		}
	}

	private static final Session SESSION = Session.getInstance(new Properties());

	/** The headers the digest needs signed, beyond what the library signs anyway. */
	static final List<String> SIGNED_HEADERS = List.of("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe",
			"List-Unsubscribe-Post", "List-Id", "Reply-To");

	/**
	 * One signer per thread: a DkimSigner keeps one MessageDigest and one Signature and uses them
	 * unlocked while a message is written, and the connections write messages at the same time.
	 * A message is built and written on the same thread.
	 */
	private final ThreadLocal<DkimSigner> signer;

	private DkimSigning(Supplier<DkimSigner> signers) {
		this.signer = ThreadLocal.withInitial(signers);
	}

	/** The signing configured by digest.dkim.*, or {@code null} when it is not. */
	static DkimSigning of(DigestProperties.Dkim settings) {
		if (!settings.isEnabled()) {
			return null;
		}
		try {
			RSAPrivateKey key = readKey(settings);
			signer(settings, key);
			return new DkimSigning(() -> signer(settings, key));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new ConfigurationException("digest.dkim.private-key '" + settings.getPrivateKey()
					+ "' is not a usable RSA private key in PEM (PKCS#8, 'BEGIN PRIVATE KEY'): " + ex.getMessage());
		}
	}

	private static DkimSigner signer(DigestProperties.Dkim settings, RSAPrivateKey key) {
		DkimSigner signer = new DkimSigner(settings.getDomain(), settings.getSelector(), key);
		signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
		signer.setHeaderCanonicalization(Canonicalization.RELAXED);
		signer.setBodyCanonicalization(Canonicalization.RELAXED);
		signer.setCheckDomainKey(false);
		SIGNED_HEADERS.forEach(signer::addHeaderToSign);
		return signer;
	}

	private static RSAPrivateKey readKey(DigestProperties.Dkim settings) throws GeneralSecurityException {
		String pem;
		try {
			pem = Files.readString(settings.getPrivateKey());
		}
		catch (IOException ex) {
			throw new ConfigurationException("Cannot read digest.dkim.private-key '" + settings.getPrivateKey() + "': "
					+ ex.getMessage());
		}
		if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
			throw new ConfigurationException("digest.dkim.private-key '" + settings.getPrivateKey()
					+ "' must be PKCS#8 PEM ('BEGIN PRIVATE KEY'); convert with "
					+ "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem'");
		}
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		return (RSAPrivateKey) KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

	/** {@code message} with its DKIM-Signature header added. */
	byte[] sign(byte[] message) throws MessagingException, IOException {
		MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(message));
		ByteArrayOutputStream signed = new ByteArrayOutputStream(message.length + 1024);
		new DkimMessage(parsed, this.signer.get()).writeTo(signed);
		return signed.toByteArray();
	}

}
