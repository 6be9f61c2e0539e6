package dev.synergychat.testram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MegabytesTest {

	@Test
	void aWholeNumberIsThatManyMebibytes() {
		Megabytes amount = Megabytes.parse("200");

		assertThat(amount.mebibytes()).isEqualTo(200);
		assertThat(amount.bytes()).isEqualTo(200L * 1024 * 1024);
	}

	@Test
	void surroundingWhitespaceFromAConfigMapIsIgnored() {
		assertThat(Megabytes.parse(" 64\n").mebibytes()).isEqualTo(64);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "  " })
	void aMissingValueSaysToSetTheVariable(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> Megabytes.parse(value))
			.withMessage("MEGABYTES is not set: give a positive whole number of mebibytes, such as MEGABYTES=200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "lots", "200Mi", "1.5", "-5", "0x10", "2e3" })
	void aValueThatIsNotAWholeNumberIsNamedInTheMessage(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> Megabytes.parse(value))
			.withMessage("MEGABYTES=\"" + value + "\" is not a whole number: give a positive whole number of "
					+ "mebibytes, such as MEGABYTES=200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "000", "1073741825", "9999999999999999999" })
	void zeroAndAmountsNoMachineHasAreOutOfRange(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> Megabytes.parse(value))
			.withMessageStartingWith("MEGABYTES=")
			.withMessageEndingWith(" is out of range: give a positive whole number of mebibytes, such as MEGABYTES=200");
	}

}
