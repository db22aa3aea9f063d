// The web chat page's script, part one: the chat itself (shared by /chat and the public office page
// /o/<slug>). Part two (chat.signin.script.ts) holds the member's session, the sign-in and the start;
// chat.page.ts joins both into one function whose hash is in the page's CSP. Every text is put in with
// textContent, never parsed as HTML.
export const CHAT_SCRIPT_CHAT = `
  'use strict';
  const MODE = document.body.dataset.mode || 'members';
  const POLL_MS = 700;
  const HIDDEN_POLL_MS = 3000;
  // Replies of one chat can commit out of seq order (a reminder beside a turn), so polls start from
  // the last seq seen a few seconds ago and drop what is already shown.
  const SETTLE_MS = 3000;
  const SESSION_KEY = 'nova.chat.session';
  const ROLES = { broker: 'وسيط', owner: 'مالك عقار', client: 'عميل' };
  const MEMBER_ROLES = {
    owner: 'مالك المكتب', admin: 'مدير', manager: 'مدير', broker: 'وسيط', team_member: 'عضو فريق', observer: 'مراقب',
  };
  const EXAMPLES = {
    broker: ['عميل جديد اسمه فهد يبي شقة بالرياض', 'مساعدة'],
    owner: ['مساعدة'],
    client: ['مساعدة'],
    visitor: ['أبي أعرض عقاري للبيع', 'أدور شقة للإيجار', 'مساعدة'],
  };
  const base = location.pathname.replace(/\\/+$/, '');
  const api = (path) => base + '/api/' + path;
  const $ = (id) => document.getElementById(id);
  const picker = $('identity');
  const phoneLine = $('phone');
  const memberLine = $('member');
  const signOutButton = $('signout');
  const signInOpen = $('signin-open');
  const chatView = $('chat-view');
  const log = $('log');
  const empty = $('empty');
  const examples = $('examples');
  const errorLine = $('error');
  const form = $('composer');
  const input = $('text');
  const sendButton = $('send');
  const signin = $('signin');
  const phoneForm = $('phone-form');
  const phoneInput = $('phone-input');
  const codeForm = $('code-form');
  const codeInput = $('code-input');
  const offices = $('offices');
  const signinNote = $('signin-note');
  const signinNoteEn = $('signin-note-en');
  const NOTES = [signinNote.textContent, signinNoteEn.textContent];
  const signinError = $('signin-error');

  // who is talking: 'demo' (a picked identity), 'member' (signed in), 'visitor', or '' (nobody yet)
  let as = '';
  let identities = [];
  let from = '';
  let session = null;
  let chatKey = '';
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
  let refreshing = null;
  let signinPhone = '';
  let signinOrg = '';

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

  // ── the chat ───────────────────────────────────────────────────────────────────────────────────
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
    if (reply.image) {
      const image = make('img', 'picture');
      image.src = reply.image;
      image.alt = reply.text;
      image.loading = 'lazy';
      bubble.append(image);
    }
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
    if (status === 401) return 'انتهت جلستك. سجّل دخولك من جديد.';
    if (data && data.message) return data.message;
    return 'ما وصلت الرسالة (' + status + '). حاول مرة أخرى.';
  }

  async function post(body) {
    try {
      const res = await call(api('messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(as === 'demo' ? Object.assign({ from }, body) : body),
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
    if (!text || !chatKey) return;
    const clientId = retry && retry.text === text && retry.key === chatKey ? retry.clientId : uuid();
    const key = chatKey;
    const row = addMine(text);
    input.value = '';
    autosize();
    disableChoices();
    const before = top;
    const ok = await post({ text, clientId });
    if (ok) {
      retry = null;
      row.classList.remove('pending');
      if (key === chatKey && top === before) showTyping();
      return;
    }
    row.remove();
    refreshEmpty();
    retry = { text, clientId, key };
    input.value = input.value.trim() ? text + '\\n' + input.value : text;
    autosize();
    input.focus();
  }

  async function sendChoice(choice, group, button) {
    if (!chatKey) return;
    for (const b of group.querySelectorAll('button')) b.disabled = true;
    button.classList.add('picked');
    button.dataset.clientId = button.dataset.clientId || uuid();
    const key = chatKey;
    const row = addMine(choice.label);
    const before = top;
    const ok = await post({ choiceId: choice.id, text: choice.label, clientId: button.dataset.clientId });
    if (ok) {
      row.classList.remove('pending');
      if (key === chatKey && top === before) showTyping();
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
      if (chatKey) {
        const query = (as === 'demo' ? 'from=' + encodeURIComponent(from) + '&' : '') + 'after=' + settled;
        const res = await call(api('messages?' + query));
        if (!res.ok) throw new Error('HTTP ' + res.status);
        const replies = await res.json();
        if (gen === generation) receive(replies);
        pollFailures = 0;
        clearError('poll');
      }
    } catch {
      pollFailures += 1;
      if (pollFailures >= 3 && chatKey) showError('انقطع الاتصال بنوفا، نعيد المحاولة…', 'poll');
    } finally {
      inflight = false;
      if (again) {
        again = false;
        poll();
      } else if (chatKey) {
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

  // Opens the chat of key (a fresh log), with the examples of role.
  function openChat(key, role) {
    chatKey = key;
    generation += 1;
    seen = new Set();
    top = 0n;
    settled = 0n;
    firstLook = true;
    retry = null;
    hideTyping();
    for (const row of log.querySelectorAll('.row')) row.remove();
    renderExamples(role);
    refreshEmpty();
    clearError();
    signin.hidden = true;
    chatView.hidden = false;
    sendButton.disabled = false;
    poll();
    input.focus();
  }
  function closeChat() {
    chatKey = '';
    generation += 1;
    clearTimeout(timer);
    hideTyping();
  }

  function choose(phone) {
    const identity = identities.find((i) => i.phone === phone) || identities[0];
    if (!identity) return;
    as = 'demo';
    from = identity.phone;
    picker.value = from;
    phoneLine.textContent = from;
    try {
      localStorage.setItem('nova.chat.identity', from);
    } catch {}
    openChat('demo:' + from, identity.role);
  }

  function enterMember() {
    as = 'member';
    const member = session.member;
    memberLine.textContent =
      member.name + ' · ' + (MEMBER_ROLES[member.role] || member.role) + ' · ' + member.office.name;
    memberLine.hidden = false;
    signOutButton.hidden = false;
    picker.hidden = true;
    phoneLine.textContent = '';
    if (signInOpen) signInOpen.hidden = true;
    openChat('member:' + member.office.slug + ':' + member.name, 'broker');
  }

  function signedOut() {
    dropSession();
    closeChat();
    memberLine.hidden = true;
    signOutButton.hidden = true;
    if (MODE === 'demo') {
      as = '';
      picker.hidden = false;
      if (signInOpen) signInOpen.hidden = false;
      startDemo();
    } else {
      showSignIn();
    }
  }

  // ── the composer ───────────────────────────────────────────────────────────────────────────────
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

`;
