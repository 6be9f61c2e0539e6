'use strict';

// The chat page. It talks to api straight from the browser at API_URL (handed over by config.js), renders every
// message with textContent so that message text can never become markup, and keeps up to date through api's event
// stream, polling instead while the stream is down.
(() => {
  const POLL_INTERVAL_MS = 3000;
  const STREAM_RETRY_MS = 30000;
  const USERNAME_KEY = 'synergychat.username';
  const BOT_AUTHOR = 'crawler-bot';

  const apiUrl = (window.synergyChatConfig && window.synergyChatConfig.apiUrl) || '';
  const messagesUrl = joinUrl(apiUrl, 'messages');
  const streamUrl = joinUrl(apiUrl, 'messages/stream');

  const list = document.getElementById('messages');
  const empty = document.getElementById('empty');
  const errorBox = document.getElementById('error');
  const connection = document.getElementById('connection');
  const form = document.getElementById('message-form');
  const usernameInput = document.getElementById('username');
  const textInput = document.getElementById('text');
  const sendButton = document.getElementById('send');

  // Id -> message shown. The same message can arrive from the POST answer, the stream and a poll; it is shown once.
  const shown = new Map();
  let source = null;
  let pollTimer = null;
  let streamRetryTimer = null;

  // API_URL may be absolute or a path, with or without a trailing slash: "/api/" + "messages" must not become
  // "/api//messages", and "" must still give "/messages".
  function joinUrl(base, path) {
    return `${base.replace(/\/+$/, '')}/${path}`;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.textContent = '';
    errorBox.hidden = true;
  }

  function setConnection(state) {
    connection.textContent = state;
  }

  function renderMessage(message) {
    const item = document.createElement('li');
    item.className = message.AuthorUsername === BOT_AUTHOR ? 'message bot' : 'message';
    item.dataset.id = String(message.Id);

    const meta = document.createElement('div');
    meta.className = 'meta';
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = message.AuthorUsername;
    meta.append(author);
    if (message.CreatedAt) {
      const time = document.createElement('time');
      time.dateTime = message.CreatedAt;
      time.textContent = new Date(message.CreatedAt).toLocaleString();
      meta.append(time);
    }

    const text = document.createElement('p');
    text.className = 'text';
    text.textContent = message.Text;

    item.append(meta, text);
    return item;
  }

  // An api that keeps messages in memory numbers them from 1 again after a restart, so an Id already shown can come
  // back as another message; the page then starts over with the new history. Author and text identify the message
  // (timestamps may differ in precision between the stream and a stored page), and newest Ids are not compared
  // because a poll answer written before the latest insert can arrive after that insert's stream event.
  function historyWasReset(messages) {
    return messages.some((message) => {
      const known = shown.get(message.Id);
      return known !== undefined
        && (known.AuthorUsername !== message.AuthorUsername || known.Text !== message.Text);
    });
  }

  // Inserts in Id order, so a late poll answer or a resumed stream cannot shuffle the conversation.
  function addMessages(messages) {
    const atBottom = isScrolledToBottom();
    if (historyWasReset(messages)) {
      shown.clear();
      list.replaceChildren();
    }
    for (const message of messages) {
      if (shown.has(message.Id)) {
        continue;
      }
      const item = renderMessage(message);
      shown.set(message.Id, message);
      let next = null;
      for (let candidate = list.lastElementChild; candidate; candidate = candidate.previousElementSibling) {
        if (Number(candidate.dataset.id) < message.Id) {
          break;
        }
        next = candidate;
      }
      list.insertBefore(item, next);
    }
    empty.hidden = shown.size > 0;
    if (atBottom) {
      scrollToBottom();
    }
  }

  function scroller() {
    return document.querySelector('main');
  }

  function isScrolledToBottom() {
    const area = scroller();
    return area.scrollHeight - area.scrollTop - area.clientHeight < 40;
  }

  function scrollToBottom() {
    const area = scroller();
    area.scrollTop = area.scrollHeight;
  }

  // fetch rejects with an unhelpful TypeError when api cannot be reached at all (down, wrong API_URL, CORS);
  // say which URL failed so the person reading the page can tell what is misconfigured.
  async function request(url, options) {
    let response;
    try {
      response = await fetch(url, options);
    } catch {
      throw new Error(`the chat server at ${url} cannot be reached`);
    }
    if (!response.ok) {
      throw new Error(await describeFailure(response));
    }
    return response.json();
  }

  async function describeFailure(response) {
    let reason = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') {
        reason = body.error;
      }
    } catch {
      // The status line is all there is to report.
    }
    const retryAfter = response.headers.get('Retry-After');
    return retryAfter ? `${reason} (try again in ${retryAfter} s)` : reason;
  }

  async function loadMessages() {
    try {
      addMessages(await request(messagesUrl));
      clearError();
    } catch (failure) {
      showError(`Could not load messages: ${failure.message}.`);
    }
  }

  function startPolling() {
    if (pollTimer === null) {
      setConnection(`Checking for new messages every ${POLL_INTERVAL_MS / 1000} s`);
      pollTimer = setInterval(loadMessages, POLL_INTERVAL_MS);
    }
  }

  function stopPolling() {
    if (pollTimer !== null) {
      clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  function openStream() {
    streamRetryTimer = null;
    if (!('EventSource' in window)) {
      startPolling();
      return;
    }
    source = new EventSource(streamUrl);
    source.addEventListener('open', () => {
      stopPolling();
      setConnection('Live');
      // Catches up on anything posted while no stream was open; the Id map drops what is already shown.
      loadMessages();
    });
    source.addEventListener('message', (event) => {
      addMessages([JSON.parse(event.data)]);
    });
    source.addEventListener('error', () => {
      startPolling();
      // While the browser retries by itself (CONNECTING) it resumes with Last-Event-ID; once it has given up
      // (CLOSED, e.g. api answered without an event stream) a fresh stream is tried later.
      if (source.readyState === EventSource.CLOSED && streamRetryTimer === null) {
        source = null;
        streamRetryTimer = setTimeout(openStream, STREAM_RETRY_MS);
      }
    });
  }

  function rememberedUsername() {
    try {
      return localStorage.getItem(USERNAME_KEY) || '';
    } catch {
      return '';
    }
  }

  function rememberUsername(name) {
    try {
      localStorage.setItem(USERNAME_KEY, name);
    } catch {
      // The page still works; the name is just asked for again next time.
    }
  }

  async function send(event) {
    event.preventDefault();
    const author = usernameInput.value.trim();
    const text = textInput.value;
    if (!author) {
      showError('Enter your name before sending.');
      usernameInput.focus();
      return;
    }
    if (!text.trim()) {
      showError('Type a message first.');
      textInput.focus();
      return;
    }
    rememberUsername(author);
    sendButton.disabled = true;
    try {
      const page = await request(messagesUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ AuthorUsername: author, Text: text }),
      });
      addMessages(page);
      textInput.value = '';
      clearError();
      scrollToBottom();
    } catch (failure) {
      showError(`Your message was not sent: ${failure.message}.`);
    } finally {
      sendButton.disabled = false;
      textInput.focus();
    }
  }

  usernameInput.value = rememberedUsername();
  usernameInput.addEventListener('change', () => rememberUsername(usernameInput.value.trim()));
  form.addEventListener('submit', send);
  loadMessages();
  openStream();
})();
