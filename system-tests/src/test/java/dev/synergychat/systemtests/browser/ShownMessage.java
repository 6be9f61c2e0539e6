package dev.synergychat.systemtests.browser;

/**
 * A message as the page shows it.
 *
 * @param id api's id, from the item's {@code data-id}
 * @param author the author as displayed
 * @param text the text as displayed
 */
public record ShownMessage(long id, String author, String text) {

}
