package dev.synergychat.testram;

/**
 * The amount of memory to hold, read from the {@code MEGABYTES} variable: a positive whole number of mebibytes (the
 * course's manifests set such as {@code "200"}).
 *
 * @param mebibytes how many MiB
 */
record Megabytes(long mebibytes) {

	static final String VARIABLE = "MEGABYTES";

	static final long MEBIBYTE = 1024L * 1024;

	/** Far beyond any machine, and small enough that the size in bytes cannot overflow. */
	static final long MOST = 1024L * 1024 * 1024;

	private static final String EXAMPLE = "give a positive whole number of mebibytes, such as " + VARIABLE + "=200";

	Megabytes {
		if (mebibytes < 1 || mebibytes > MOST) {
			throw new IllegalArgumentException(VARIABLE + "=" + mebibytes + " is out of range: " + EXAMPLE);
		}
	}

	/** Reads the variable's value, with a message saying what to set when it is missing or not such a number. */
	static Megabytes parse(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(VARIABLE + " is not set: " + EXAMPLE);
		}
		String trimmed = value.strip();
		if (!trimmed.matches("[0-9]{1,19}")) {
			throw new IllegalArgumentException(VARIABLE + "=\"" + value + "\" is not a whole number: " + EXAMPLE);
		}
		long mebibytes;
		try {
			mebibytes = Long.parseLong(trimmed);
		}
		catch (NumberFormatException ex) {
			mebibytes = Long.MAX_VALUE;
		}
		return new Megabytes(mebibytes);
	}

	long bytes() {
		return this.mebibytes * MEBIBYTE;
	}

}
