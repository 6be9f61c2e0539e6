package dev.synergychat.api.message;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.synergychat.api.stats.StatsCommand;
import dev.synergychat.api.stats.StatsResponder;

/** Posting and reading messages, including the {@code crawler-bot} reply to a {@code /stats} command. */
@Service
class MessageService {

	private final MessageStore store;

	private final StatsResponder stats;

	private final ApplicationEventPublisher events;

	private final ProfanityCrash profanityCrash;

	private final Clock clock;

	private final Counter created;

	private final Counter statsCommands;

	MessageService(MessageStore store, StatsResponder stats, ApplicationEventPublisher events,
			ProfanityCrash profanityCrash, MeterRegistry meters, Clock clock) {
		this.store = store;
		this.stats = stats;
		this.events = events;
		this.profanityCrash = profanityCrash;
		this.clock = clock;
		this.created = meters.counter("synergychat.messages.stored");
		this.statsCommands = meters.counter("synergychat.slash.commands", "command", "stats");
	}

	List<Message> page(int limit, @Nullable Long before) {
		return this.store.page(limit, before);
	}

	/**
	 * Stores the message, and for {@code /stats} the bot's reply with it. The crawler is asked before anything is
	 * stored, so the two messages go into the store in one append: both are kept or neither is.
	 */
	List<Message> post(NewMessage message, int pageLimit) {
		List<MessageDraft> drafts = new ArrayList<>(2);
		drafts.add(MessageRules.validate(message, now()));
		this.profanityCrash.crashIfBanned(drafts.getFirst().text());
		Optional<StatsCommand> command = StatsCommand.parse(drafts.getFirst().text());
		if (command.isPresent()) {
			this.statsCommands.increment();
			drafts.add(new MessageDraft(StatsResponder.BOT_USERNAME, this.stats.reply(command.get()), now()));
		}
		Appended appended = this.store.append(drafts, pageLimit);
		this.created.increment(appended.stored().size());
		this.events.publishEvent(new MessagesCreated(appended.stored(), appended.page()));
		return appended.page();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
