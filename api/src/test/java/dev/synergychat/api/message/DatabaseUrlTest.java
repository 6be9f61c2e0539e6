package dev.synergychat.api.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTest {

	@Test
	void postgresqlUrlBecomesJdbcWithPercentDecodedCredentials() {
		String secretUrl = "postgresql://chat%40app:p%3Ass%2Fw+rd@db.example:6432/chat?sslmode=require";

		DatabaseUrl url = DatabaseUrl.parse(secretUrl, "", "");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/chat?sslmode=require");
		assertThat(url.username()).isEqualTo("chat@app");
		assertThat(url.password()).isEqualTo("p:ss/w+rd");
	}

	@Test
	void postgresSchemeAndMissingPortAreAccepted() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://ann@db/chat", "", "");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/chat");
		assertThat(url.username()).isEqualTo("ann");
		assertThat(url.password()).isEmpty();
	}

	@Test
	void jdbcUrlIsUsedAsItIs() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/chat?user=postgres", "", "");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/chat?user=postgres");
		assertThat(url.username()).isEmpty();
	}

	@Test
	void usernameAndPasswordVariablesOverrideTheUrl() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://ann:old@db:5432/chat", "bob", "new");

		assertThat(url.username()).isEqualTo("bob");
		assertThat(url.password()).isEqualTo("new");
	}

	@Test
	void descriptionAndToStringNeverContainTheCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://ann:s3cret@db:5432/chat?password=s3cret", "", "");

		assertThat(url.safeDescription()).isEqualTo("PostgreSQL at db:5432/chat");
		assertThat(url.toString()).doesNotContain("s3cret");
	}

	@Test
	void otherSchemesAndBrokenUrlsAreRejectedWithoutQuotingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://ann:s3cret@db/chat", "", ""))
			.withMessage("DATABASE_URL cannot be used: it must start with postgresql:// or jdbc:postgresql:");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://ann:s3 cret@db/c", "", ""))
			.withMessageNotContaining("s3");
	}

}
