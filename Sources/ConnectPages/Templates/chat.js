(function () {
  var form = document.getElementById('chat-form');
  if (!form || !window.fetch || !window.TextDecoder) return;
  var panel = document.getElementById('chat');
  var answer = document.getElementById('chat-answer');
  var source = document.getElementById('chat-source');
  var message = document.getElementById('chat-message');
  var conversation = document.getElementById('chat-conversation');
  var send = document.getElementById('chat-send');
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var sources = { ai: panel.dataset.sourceAi, local: panel.dataset.sourceLocal, fallback: panel.dataset.sourceFallback };
  function handle(block) {
    var event = 'message', data = '';
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) event = line.slice(6).trim();
      else if (line.indexOf('data:') === 0) data += line.slice(5).replace(/^ /, '');
    });
    if (!data) return;
    var payload = JSON.parse(data);
    if (event === 'delta') answer.textContent += payload.text;
    else if (event === 'done') {
      answer.textContent = payload.message;
      conversation.value = payload.conversationId || '';
      source.textContent = sources[payload.source] || payload.source;
      source.className = 'badge source-' + payload.source;
      answer.dataset.done = 'true';
    } else if (event === 'error') answer.textContent = panel.dataset.failed;
  }
  form.addEventListener('submit', async function (submitted) {
    submitted.preventDefault();
    var text = message.value.trim();
    if (!text) return;
    answer.textContent = panel.dataset.waiting;
    answer.dataset.done = 'false';
    source.textContent = '';
    answer.setAttribute('aria-busy', 'true');
    send.disabled = true;
    try {
      var body = { message: text };
      if (conversation.value) body.conversationId = conversation.value;
      var response = await fetch('/api/chat/stream', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream', 'X-CSRF-Token': token },
        body: JSON.stringify(body)
      });
      if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
      var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = '';
      answer.textContent = '';
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        var end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handle(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (failure) {
      answer.textContent = panel.dataset.failed;
    } finally {
      answer.setAttribute('aria-busy', 'false');
      send.disabled = false;
    }
  });
})();
