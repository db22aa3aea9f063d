// The web chat page: one self-contained RTL document (no fonts, scripts or styles from elsewhere, so it
// works offline and the CSP can forbid every other origin). The script polls Nova's replies and posts
// the person's messages; every text is put in with textContent, never parsed as HTML.
import { createHash } from 'node:crypto';

const STYLE = `
:root {
  --bg: #e9edf1; --panel: #ffffff; --ink: #16212b; --muted: #667085; --line: #e3e7ec;
  --chat: #f3f0ea; --nova: #ffffff; --me: #d6f4e2; --accent: #0f7b5f; --accent-ink: #ffffff;
  --error: #b42318; --shadow: 0 1px 1.5px rgba(16, 24, 40, 0.1);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #070c10; --panel: #111b21; --ink: #e9edef; --muted: #8696a0; --line: #233038;
    --chat: #0b141a; --nova: #1f2c33; --me: #0b5c48; --accent: #25c18f; --accent-ink: #04291d;
    --error: #f97066; --shadow: none;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans Arabic", "Noto Naskh Arabic", "Geeza Pro",
    Tahoma, "DejaVu Sans", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 15px; line-height: 1.6; background: var(--bg); color: var(--ink);
}
.app { display: flex; flex-direction: column; height: 100vh; height: 100dvh; max-width: 820px; margin: 0 auto; background: var(--chat); }
@media (min-width: 860px) {
  body { padding: 24px 0; }
  .app { height: calc(100vh - 48px); height: calc(100dvh - 48px); border: 1px solid var(--line); border-radius: 18px;
    overflow: hidden; box-shadow: 0 12px 32px rgba(16, 24, 40, 0.12); }
}
header { display: flex; align-items: center; gap: 12px; padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
.logo { flex: none; display: grid; place-items: center; width: 40px; height: 40px; border-radius: 50%;
  background: var(--accent); color: var(--accent-ink); font-size: 20px; font-weight: 700; }
.title { flex: 1; min-width: 0; }
h1 { margin: 0; font-size: 17px; line-height: 1.3; }
.hint { margin: 0; color: var(--muted); font-size: 12.5px; }
.who { display: flex; flex-direction: column; align-items: flex-end; gap: 2px; }
.who select { font: inherit; font-size: 14px; max-width: 48vw; padding: 5px 10px; border: 1px solid var(--line);
  border-radius: 10px; background: var(--panel); color: var(--ink); }
.phone { color: var(--muted); font-size: 12px; direction: ltr; unicode-bidi: isolate; }
#log { flex: 1; display: flex; flex-direction: column; gap: 6px; padding: 16px 14px; overflow-y: auto; overscroll-behavior: contain; }
.row { display: flex; flex-direction: column; align-items: flex-start; max-width: min(82%, 560px); }
.row.me { align-self: flex-end; align-items: flex-end; }
.row.nova { align-self: flex-start; }
.row + .row.nova, .row + .row.me { margin-top: 2px; }
.bubble { padding: 7px 12px; border-radius: 14px; background: var(--nova); box-shadow: var(--shadow);
  white-space: pre-wrap; overflow-wrap: anywhere; }
.row.nova .bubble { border-start-start-radius: 4px; }
.row.me .bubble { background: var(--me); border-start-end-radius: 4px; }
.row.me.pending .bubble { opacity: 0.6; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.choice, .example { font: inherit; font-size: 14px; padding: 5px 14px; border: 1px solid var(--accent); border-radius: 999px;
  background: var(--panel); color: var(--accent); cursor: pointer; }
.choice:hover:not(:disabled), .example:hover, .choice.picked { background: var(--accent); color: var(--accent-ink); }
.choice:disabled { cursor: default; }
.choice:disabled:not(.picked) { opacity: 0.45; }
.typing .bubble { display: flex; gap: 4px; padding: 12px 14px; }
.typing span { width: 7px; height: 7px; border-radius: 50%; background: var(--muted); animation: blink 1.2s infinite both; }
.typing span:nth-child(2) { animation-delay: 0.2s; }
.typing span:nth-child(3) { animation-delay: 0.4s; }
@keyframes blink { 0%, 80%, 100% { opacity: 0.25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .typing span { animation: none; opacity: 0.6; } }
.empty { margin: auto; max-width: 460px; padding: 12px; color: var(--muted); text-align: center; }
.empty p { margin: 0 0 10px; }
.examples { display: flex; flex-wrap: wrap; justify-content: center; gap: 6px; }
.error { margin: 0; padding: 6px 16px; border-top: 1px solid var(--line); background: var(--panel); color: var(--error); font-size: 13px; }
form { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; background: var(--panel); border-top: 1px solid var(--line); }
textarea { flex: 1; min-height: 42px; max-height: 160px; padding: 8px 14px; border: 1px solid var(--line); border-radius: 21px;
  font: inherit; color: var(--ink); background: var(--chat); resize: none; outline: none; }
textarea:focus { border-color: var(--accent); }
.send { flex: none; display: grid; place-items: center; width: 42px; height: 42px; padding: 0; border: 0; border-radius: 50%;
  background: var(--accent); color: var(--accent-ink); cursor: pointer; }
.send svg { width: 20px; height: 20px; transform: scaleX(-1); }
.send:disabled { opacity: 0.5; cursor: default; }
button:focus-visible, select:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
@media (max-width: 560px) {
  header { padding: 8px 12px; }
  .hint { display: none; }
  .row { max-width: 88%; }
}
`;

const SCRIPT = `
(() => {
  'use strict';
  const POLL_MS = 700;
  const HIDDEN_POLL_MS = 3000;
  // Replies of one chat can commit out of seq order (a reminder beside a turn), so polls start from
  // the last seq seen a few seconds ago and drop what is already shown.
  const SETTLE_MS = 3000;
  const ROLES = { broker: 'وسيط', owner: 'مالك عقار', client: 'عميل' };
  const EXAMPLES = {
    broker: ['عميل جديد اسمه فهد يبي شقة بالرياض', 'مساعدة'],
    owner: ['مساعدة'],
    client: ['مساعدة'],
  };
  const base = location.pathname.replace(/\\/+$/, '');
  const api = (path) => base + '/api/' + path;
  const $ = (id) => document.getElementById(id);
  const picker = $('identity');
  const phoneLine = $('phone');
  const log = $('log');
  const empty = $('empty');
  const examples = $('examples');
  const errorLine = $('error');
  const form = $('composer');
  const input = $('text');
  const sendButton = $('send');

  let identities = [];
  let from = '';
  let generation = 0;
  let seen = new Set();
  let top = 0n;
  let topAt = 0;
  let settled = 0n;
  let firstLook = true;
  let timer = 0;
  let inflight = false;
  let again = false;
  let pollFailures = 0;
  let errorFrom = '';
  let typing = null;
  let typingTimer = 0;
  // a message whose POST failed keeps its id, so sending it again cannot make a second copy
  let retry = null;

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  function showError(text, source) {
    errorLine.textContent = text;
    errorLine.hidden = false;
    errorFrom = source;
  }
  function clearError(source) {
    if (source && errorFrom !== source) return;
    errorLine.hidden = true;
    errorFrom = '';
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 120;
  }
  function toBottom() {
    log.scrollTop = log.scrollHeight;
  }
  function refreshEmpty() {
    empty.hidden = log.querySelector('.row') !== null;
  }
  function append(row, scroll) {
    const follow = scroll || nearBottom();
    if (typing && typing.parentNode) log.insertBefore(row, typing);
    else log.append(row);
    refreshEmpty();
    if (follow) toBottom();
  }

  function showTyping() {
    if (!typing) {
      typing = make('div', 'row nova typing');
      typing.setAttribute('aria-label', 'نوفا يكتب');
      const bubble = make('div', 'bubble');
      bubble.append(make('span'), make('span'), make('span'));
      typing.append(bubble);
    }
    const follow = nearBottom();
    log.append(typing);
    if (follow) toBottom();
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 20000);
  }
  function hideTyping() {
    clearTimeout(typingTimer);
    if (typing) typing.remove();
  }

  function disableChoices(except) {
    for (const group of log.querySelectorAll('.choices')) {
      if (group === except) continue;
      for (const button of group.querySelectorAll('button')) button.disabled = true;
    }
  }

  function addMine(text) {
    const row = make('div', 'row me pending');
    const bubble = make('div', 'bubble', text);
    bubble.dir = 'auto';
    row.append(bubble);
    append(row, true);
    return row;
  }

  function addNova(reply) {
    disableChoices();
    const row = make('div', 'row nova');
    row.dataset.seq = reply.seq;
    const bubble = make('div', 'bubble', reply.text);
    bubble.dir = 'auto';
    row.append(bubble);
    if (reply.choices && reply.choices.length) {
      const group = make('div', 'choices');
      for (const choice of reply.choices) {
        const button = make('button', 'choice', choice.label);
        button.type = 'button';
        button.dir = 'auto';
        button.addEventListener('click', () => sendChoice(choice, group, button));
        group.append(button);
      }
      row.append(group);
    }
    append(row, false);
  }

  function failureText(status, data) {
    if (status === 413) return 'الرسالة طويلة جداً (الحد ٦٤ كيلوبايت). أرسلها على أجزاء.';
    if (status === 503) return 'نوفا غير متاح الآن، حاول بعد قليل. رسالتك باقية في الخانة.';
    if (status === 403) return 'هذه الهوية غير معروفة. حدّث الصفحة واختر هوية.';
    return 'ما وصلت الرسالة (' + status + (data && data.message ? ': ' + data.message : '') + '). حاول مرة أخرى.';
  }

  async function post(body) {
    try {
      const res = await fetch(api('messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.ok) {
        clearError('post');
        return true;
      }
      const data = await res.json().catch(() => null);
      showError(failureText(res.status, data), 'post');
    } catch {
      showError('تعذّر الاتصال بنوفا. تحقّق من الاتصال وحاول مرة أخرى؛ رسالتك باقية في الخانة.', 'post');
    }
    return false;
  }

  async function sendText() {
    const text = input.value.trim();
    if (!text || !from) return;
    const clientId = retry && retry.text === text && retry.from === from ? retry.clientId : uuid();
    const sender = from;
    const row = addMine(text);
    input.value = '';
    autosize();
    disableChoices();
    const before = top;
    const ok = await post({ from: sender, text, clientId });
    if (ok) {
      retry = null;
      row.classList.remove('pending');
      if (sender === from && top === before) showTyping();
      return;
    }
    row.remove();
    refreshEmpty();
    retry = { text, clientId, from: sender };
    input.value = input.value.trim() ? text + '\\n' + input.value : text;
    autosize();
    input.focus();
  }

  async function sendChoice(choice, group, button) {
    if (!from) return;
    for (const b of group.querySelectorAll('button')) b.disabled = true;
    button.classList.add('picked');
    button.dataset.clientId = button.dataset.clientId || uuid();
    const sender = from;
    const row = addMine(choice.label);
    const before = top;
    const ok = await post({ from: sender, choiceId: choice.id, text: choice.label, clientId: button.dataset.clientId });
    if (ok) {
      row.classList.remove('pending');
      if (sender === from && top === before) showTyping();
      return;
    }
    row.remove();
    refreshEmpty();
    button.classList.remove('picked');
    for (const b of group.querySelectorAll('button')) b.disabled = false;
  }

  function receive(replies) {
    let added = false;
    for (const reply of replies) {
      if (seen.has(reply.seq)) continue;
      seen.add(reply.seq);
      addNova(reply);
      added = true;
      const seq = BigInt(reply.seq);
      if (seq > top) {
        top = seq;
        topAt = Date.now();
      }
    }
    if (added) hideTyping();
    if (firstLook) {
      firstLook = false;
      settled = top;
      toBottom();
    } else if (top > settled && Date.now() - topAt > SETTLE_MS) {
      settled = top;
    }
  }

  async function poll() {
    if (inflight) {
      again = true;
      return;
    }
    clearTimeout(timer);
    inflight = true;
    const gen = generation;
    try {
      if (from) {
        const res = await fetch(api('messages?from=' + encodeURIComponent(from) + '&after=' + settled));
        if (!res.ok) throw new Error('HTTP ' + res.status);
        const replies = await res.json();
        if (gen === generation) receive(replies);
        pollFailures = 0;
        clearError('poll');
      }
    } catch {
      pollFailures += 1;
      if (pollFailures >= 3) showError('انقطع الاتصال بنوفا، نعيد المحاولة…', 'poll');
    } finally {
      inflight = false;
      if (again) {
        again = false;
        poll();
      } else {
        timer = setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
      }
    }
  }

  function renderExamples(role) {
    examples.replaceChildren();
    for (const text of EXAMPLES[role] || EXAMPLES.client) {
      const button = make('button', 'example', text);
      button.type = 'button';
      button.addEventListener('click', () => {
        input.value = text;
        autosize();
        input.focus();
      });
      examples.append(button);
    }
  }

  function choose(phone) {
    const identity = identities.find((i) => i.phone === phone) || identities[0];
    if (!identity) return;
    from = identity.phone;
    picker.value = from;
    phoneLine.textContent = from;
    try {
      localStorage.setItem('nova.chat.identity', from);
    } catch {}
    generation += 1;
    seen = new Set();
    top = 0n;
    settled = 0n;
    firstLook = true;
    retry = null;
    hideTyping();
    for (const row of log.querySelectorAll('.row')) row.remove();
    renderExamples(identity.role);
    refreshEmpty();
    clearError();
    poll();
    input.focus();
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 160) + 'px';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendText();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendText();
    }
  });
  input.addEventListener('input', autosize);
  picker.addEventListener('change', () => choose(picker.value));

  async function start() {
    try {
      const res = await fetch(api('identities'));
      if (!res.ok) throw new Error('HTTP ' + res.status);
      identities = await res.json();
    } catch {
      showError('تعذّر تحميل الهويات. حدّث الصفحة بعد قليل.', 'start');
      setTimeout(start, 3000);
      return;
    }
    picker.replaceChildren();
    for (const identity of identities) {
      const option = make('option', '', identity.name + ' · ' + (ROLES[identity.role] || identity.role));
      option.value = identity.phone;
      picker.append(option);
    }
    picker.disabled = false;
    sendButton.disabled = false;
    let stored = null;
    try {
      stored = localStorage.getItem('nova.chat.identity');
    } catch {}
    choose(stored);
  }
  start();
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own script and style run; it talks to its own origin and nothing else. */
export const CHAT_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const CHAT_PAGE_HTML = `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>نوفا · محادثة تجريبية</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<div class="app">
  <header>
    <div class="logo" aria-hidden="true">ن</div>
    <div class="title">
      <h1>نوفا</h1>
      <p class="hint">محادثة تجريبية: اختر هوية وتكلّم مع نوفا كأنك على واتساب.</p>
    </div>
    <div class="who">
      <select id="identity" aria-label="تتكلم باسم" disabled></select>
      <span class="phone" id="phone" dir="ltr"></span>
    </div>
  </header>
  <main id="log" aria-live="polite">
    <div class="empty" id="empty">
      <p>ما فيه رسائل بعد. اكتب بالعربي أو بالإنجليزي، أو جرّب:</p>
      <div class="examples" id="examples"></div>
    </div>
  </main>
  <p class="error" id="error" role="alert" hidden></p>
  <form id="composer" autocomplete="off">
    <textarea id="text" rows="1" dir="auto" placeholder="اكتب رسالة…" aria-label="الرسالة" enterkeyhint="send"></textarea>
    <button class="send" id="send" type="submit" aria-label="إرسال" title="إرسال" disabled>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M3.4 20.4 20.85 12.92a1 1 0 0 0 0-1.84L3.4 3.6a.99.99 0 0 0-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z"/></svg>
    </button>
  </form>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
