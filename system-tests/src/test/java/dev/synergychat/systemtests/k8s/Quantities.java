package dev.synergychat.systemtests.k8s;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities ({@code 250m}, {@code 512Mi}, {@code 1G}) as numbers. */
final class Quantities {

	private static final Map<String, Long> SUFFIXES = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti",
			1L << 40, "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);

	private Quantities() {
	}

	/** CPU in cores: {@code 250m} is 0.25. */
	static double cpu(String quantity) {
		if (quantity.isEmpty()) {
			return 0;
		}
		return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
				: Double.parseDouble(quantity);
	}

	/** Memory or storage in bytes: {@code 512Mi} is 536870912. */
	static long bytes(String quantity) {
		if (quantity.isEmpty()) {
			return 0;
		}
		for (Map.Entry<String, Long> suffix : SUFFIXES.entrySet()) {
			String number = quantity.substring(0, Math.max(0, quantity.length() - suffix.getKey().length()));
			if (quantity.endsWith(suffix.getKey()) && number.matches(".*\\d")) {
				return new BigDecimal(number).multiply(BigDecimal.valueOf(suffix.getValue())).longValueExact();
			}
		}
		return new BigDecimal(quantity).longValueExact();
	}

}
