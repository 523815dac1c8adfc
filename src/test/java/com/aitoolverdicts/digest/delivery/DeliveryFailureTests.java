package com.aitoolverdicts.digest.delivery;

import java.net.ConnectException;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one place that says what a failure means, as Angus Mail reports it. */
class DeliveryFailureTests {

	@Test
	void aRefusedRecipientIsPermanentOrTemporaryByItsCode() throws Exception {
		assertThat(rcpt(550, "550 5.1.1 No such user").kind()).isEqualTo(DeliveryFailure.Kind.PERMANENT);
		assertThat(rcpt(450, "450 4.2.1 Mailbox busy").kind()).isEqualTo(DeliveryFailure.Kind.TRANSIENT);
		assertThat(rcpt(550, "550 5.1.1 No such user").reply()).isEqualTo("550 5.1.1 No such user");
	}

	@Test
	void a421OrNoReplyAtAnyStageIsAConnectionFailure() throws Exception {
		assertThat(rcpt(421, "421 4.3.2 Closing").kind()).isEqualTo(DeliveryFailure.Kind.CONNECTION);
		assertThat(rcpt(-1, "no reply").kind()).isEqualTo(DeliveryFailure.Kind.CONNECTION);
		assertThat(DeliveryFailure.of(data(421, "421 4.4.2 Timeout")).kind()).isEqualTo(DeliveryFailure.Kind.CONNECTION);
		assertThat(DeliveryFailure.of(new MailConnectException(new SocketConnectException("refused",
				new ConnectException("Connection refused"), "localhost", 25, 10000))).kind())
			.isEqualTo(DeliveryFailure.Kind.UNREACHABLE);
		assertThat(DeliveryFailure.of(new MessagingException("[EOF]")).kind()).isEqualTo(DeliveryFailure.Kind.CONNECTION);
	}

	@Test
	void a5xxToTheMessageItselfIsFatalAndA4xxTemporary() throws Exception {
		assertThat(DeliveryFailure.of(data(552, "552 5.3.4 Too big")).kind()).isEqualTo(DeliveryFailure.Kind.FATAL);
		assertThat(DeliveryFailure.of(data(451, "451 4.3.0 Try later")).kind()).isEqualTo(DeliveryFailure.Kind.TRANSIENT);
	}

	private static DeliveryFailure rcpt(int code, String reply) throws Exception {
		InternetAddress address = new InternetAddress("ada@example.com");
		SMTPAddressFailedException refused = new SMTPAddressFailedException(address, "RCPT TO:<ada@example.com>", code,
				reply);
		SendFailedException failed = new SendFailedException("Invalid Addresses", refused);
		return DeliveryFailure.of(failed);
	}

	private static SMTPSendFailedException data(int code, String reply) throws Exception {
		return new SMTPSendFailedException(".", code, reply, null, null, null, null);
	}

}
