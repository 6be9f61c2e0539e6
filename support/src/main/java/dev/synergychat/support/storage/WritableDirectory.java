package dev.synergychat.support.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Finds out whether this process can create and write files in the directory an environment variable points at,
 * and when it cannot, says why and what to change in one line. The common case is a volume that belongs to root
 * (a Docker bind mount Docker created, a fresh cloud disk without {@code fsGroup}) while the image runs as a
 * non-root user: the message names both owners so the fix can be read off it.
 */
public final class WritableDirectory {

	private static final Path PROCESS = Path.of("/proc/self");

	private final String variable;

	private final String value;

	private final Path directory;

	/**
	 * @param variable the environment variable, as a reader of the log knows it
	 * @param value its value, quoted as given
	 * @param directory the directory in which files must be created
	 */
	public WritableDirectory(String variable, String value, Path directory) {
		this.variable = variable;
		this.value = value;
		this.directory = directory.toAbsolutePath();
	}

	/**
	 * Creates the directory if needed, then creates, writes and deletes a file in it.
	 * @return why that failed and how to fix it (sentences, the last ending in a full stop), or empty when the
	 *     directory can be written
	 */
	public Optional<String> problem() {
		try {
			Files.createDirectories(this.directory);
			Path probe = Files.createTempFile(this.directory, ".write-check-", ".tmp");
			try {
				Files.write(probe, new byte[] { 1 });
			}
			finally {
				Files.deleteIfExists(probe);
			}
			return Optional.empty();
		}
		catch (IOException | SecurityException ex) {
			return Optional.of(explain(ex));
		}
	}

	private String explain(Exception failure) {
		Path existing = nearestExistingDirectory();
		String runsAs = ownerOf(PROCESS);
		String gid = runsAs.substring(runsAs.indexOf(':') + 1);
		return this.variable + "=" + this.value + " cannot be written: " + reason(failure) + " in " + this.directory
				+ ". This process runs as uid:gid " + runsAs + "; the nearest existing directory " + existing
				+ " is owned by " + ownerOf(existing) + " with mode " + modeOf(existing)
				+ ". Fix: on Kubernetes set the pod's securityContext.fsGroup: " + gid
				+ "; with Docker, chown " + runsAs + " the directory on the host (or the volume), or run the container"
				+ " with --user set to the directory's owner.";
	}

	private static String reason(Exception failure) {
		if (failure instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (failure instanceof FileAlreadyExistsException exists) {
			return "a file that is not a directory stands at " + exists.getFile();
		}
		if (failure instanceof FileSystemException fs && fs.getReason() != null) {
			return fs.getReason();
		}
		return failure.getClass().getSimpleName() + " " + failure.getMessage();
	}

	private Path nearestExistingDirectory() {
		Path candidate = this.directory;
		while (candidate.getParent() != null && !Files.isDirectory(candidate)) {
			candidate = candidate.getParent();
		}
		return candidate;
	}

	/** {@code uid:gid} of a file; for {@code /proc/self} that is the uid and gid this process runs as. */
	private static String ownerOf(Path path) {
		try {
			return Files.getAttribute(path, "unix:uid") + ":" + Files.getAttribute(path, "unix:gid");
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException ex) {
			return "unknown";
		}
	}

	private static String modeOf(Path path) {
		try {
			return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return "unknown";
		}
	}

}
