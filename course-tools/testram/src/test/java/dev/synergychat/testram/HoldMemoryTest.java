package dev.synergychat.testram;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HoldMemoryTest {

	@Test
	void touchingWritesIntoEveryPageOfTheSegment() {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment memory = arena.allocate(3 * HoldMemory.PAGE, HoldMemory.PAGE);

			HoldMemory.touchEveryPage(memory);

			for (long page = 0; page < 3; page++) {
				assertThat(memory.get(ValueLayout.JAVA_BYTE, page * HoldMemory.PAGE)).as("first byte of page " + page)
					.isEqualTo((byte) 1);
			}
			assertThat(memory.get(ValueLayout.JAVA_BYTE, 1)).as("a byte between the touched ones").isZero();
		}
	}

}
