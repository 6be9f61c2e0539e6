package dev.synergychat.coursetools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long ago the kernel started this process, to its clock tick (10 ms). Both readings count from boot:
 * {@code /proc/self/stat} gives the start in ticks, {@code /proc/uptime} the time since boot. ProcessHandle's start
 * instant is not used because it adds the boot time in whole seconds and so is up to a second off: it made a start of
 * 250 ms read "started in 1100 ms".
 */
public final class StartClock {

	/** Linux reports process times in units of 1/100 s on every architecture (USER_HZ). */
	static final long MILLIS_PER_TICK = 10;

	private StartClock() {
	}

	/** Milliseconds since this process started, or -1 without Linux's {@code /proc}. */
	public static long millisSinceStart() {
		try {
			return millisSinceStart(Files.readString(Path.of("/proc/self/stat")),
					Files.readString(Path.of("/proc/uptime")));
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** From the texts of {@code /proc/<pid>/stat} and {@code /proc/uptime}. */
	static long millisSinceStart(String stat, String uptime) {
		// The command name in parentheses may hold spaces; the fields after it start with the state, the 3rd field,
		// so the start time, the 22nd, is the 20th of them.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long startTicks = Long.parseLong(fields[19]);
		double secondsSinceBoot = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
		return Math.round(secondsSinceBoot * 1000) - startTicks * MILLIS_PER_TICK;
	}

}
