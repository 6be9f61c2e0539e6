package dev.synergychat.systemtests.support;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order the integration test classes are handed to JUnit's two workers (failsafe's configuration in this module's
 * pom): first the {@link LightLane} classes that need no image, then the light ones that run images, then the
 * {@link HeavyLane} classes, each group by name.
 *
 * <p>JUnit's executor gives the list to its workers from both ends: one takes classes from the front, the other
 * from the back, and a class whose lane is busy waits for a later turn. So the heavy lane starts at once from the
 * back, its first class building the images, while the light lane works through the classes that need none; the
 * light classes that run images come last in that lane, when the images are long built, and run beside the last
 * stacks instead of after them. Without this order a light class could wait for the image build while holding its
 * lane, and the heavy lane would end alone. The order only moves time around: every class runs whatever it is.
 */
public final class LaneOrder implements ClassOrderer {

	static final Comparator<Class<?>> ORDER = Comparator.comparingInt(LaneOrder::group).thenComparing(Class::getName);

	@Override
	public void orderClasses(ClassOrdererContext context) {
		context.getClassDescriptors().sort(Comparator.comparing(ClassDescriptor::getTestClass, ORDER));
	}

	/** 0: light, no image; 1: light, runs images (the {@code docker} package); 2: heavy. */
	static int group(Class<?> type) {
		if (type.isAnnotationPresent(HeavyLane.class)) {
			return 2;
		}
		return type.getPackageName().endsWith(".docker") ? 1 : 0;
	}

}
