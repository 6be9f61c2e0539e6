package dev.synergychat.crawler.crawl;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CappedInputStreamTest {

	@Test
	void endsAtTheCapAndReportsTheRestAsTruncated() throws IOException {
		CappedInputStream capped = new CappedInputStream(new ByteArrayInputStream(new byte[100]), 10);

		assertThat(capped.readAllBytes()).hasSize(10);
		assertThat(capped.truncated()).isTrue();
	}

	@Test
	void doesNotReportABodyOfExactlyTheCapAsTruncated() throws IOException {
		CappedInputStream capped = new CappedInputStream(new ByteArrayInputStream(new byte[10]), 10);

		assertThat(capped.readAllBytes()).hasSize(10);
		assertThat(capped.truncated()).isFalse();
	}

}
