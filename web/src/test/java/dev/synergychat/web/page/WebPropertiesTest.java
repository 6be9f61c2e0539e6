package dev.synergychat.web.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebPropertiesTest {

	@Test
	void absoluteApiUrlGivesItsOriginWithPort() {
		assertThat(new WebProperties("http://localhost:8081").apiOrigin()).contains("http://localhost:8081");
	}

	@Test
	void absoluteApiUrlWithPathAndDefaultPortGivesOriginWithoutEither() {
		assertThat(new WebProperties("HTTPS://Chat.Example.org/api/").apiOrigin()).contains("https://chat.example.org");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api", "/api/", "/", "/api\"</script>" })
	void pathApiUrlIsOnThePagesOwnOrigin(String apiUrl) {
		assertThat(new WebProperties(apiUrl).apiOrigin()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost:8081", "//api.example.org", "ftp://api.example.org", "api", "http://",
			"http://local host:8081" })
	void apiUrlThatIsNeitherAnHttpUrlNorAPathIsRefusedWithTheAcceptedForms(String apiUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebProperties(apiUrl))
			.withMessageContaining("API_URL must be an absolute http(s) URL such as http://localhost:8081")
			.withMessageContaining("'" + apiUrl + "'");
	}

}
