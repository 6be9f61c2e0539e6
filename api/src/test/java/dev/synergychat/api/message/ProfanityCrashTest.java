package dev.synergychat.api.message;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProfanityCrashTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "darn it|darn", "Oh, HECK!|HECK", "go Fetch the ball|Fetch", "«darn»|darn",
			"/stats keywords=fetch|fetch" })
	void theOriginalsWordsMatchWholeInAnyCase(String text, String word) {
		assertThat(ProfanityCrash.bannedWord(text)).hasValue(word);
	}

	@ParameterizedTest
	@ValueSource(strings = { "check the fetched darning", "hello", "damn this shit", "darnheck", "" })
	void otherTextAndWordsThatOnlyContainThemDoNotMatch(String text) {
		assertThat(ProfanityCrash.bannedWord(text)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "darn", "heck", "fetch" })
	void withTheSwitchOffTheWordsAreOrdinaryText(String word) {
		new ProfanityCrash(new CrashProperties(false)).crashIfBanned(word);
	}

}
