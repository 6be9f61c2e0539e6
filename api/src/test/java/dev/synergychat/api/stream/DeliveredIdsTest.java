package dev.synergychat.api.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveredIdsTest {

	private final DeliveredIds delivered = new DeliveredIds();

	@Test
	void recordsNothingUntilACheckTracksButAlwaysTheHighestId() {
		assertThat(this.delivered.highest()).isEqualTo(DeliveredIds.NONE);
		this.delivered.record(7);
		this.delivered.record(5);

		assertThat(this.delivered.contains(7)).isFalse();
		assertThat(this.delivered.highest()).isEqualTo(7);
	}

	@Test
	void recordsIdsAboveTheFloorAndForgetsThoseItPasses() {
		this.delivered.trackAbove(10);
		this.delivered.record(9);
		this.delivered.record(11);
		this.delivered.record(13);

		assertThat(this.delivered.contains(9)).as("at or below the floor: settled, not recorded").isFalse();
		assertThat(this.delivered.contains(11)).isTrue();
		this.delivered.trackAbove(12);
		assertThat(this.delivered.contains(11)).isFalse();
		assertThat(this.delivered.contains(13)).isTrue();
		this.delivered.stopTracking();
		assertThat(this.delivered.contains(13)).isFalse();
		assertThat(this.delivered.highest()).isEqualTo(13);
	}

}
