// The web chat page's script, part two: a member's session (the access token in memory and
// sessionStorage; the refresh token is an httpOnly cookie this script never sees), the sign-in (phone →
// code), and the start of each mode (<body data-mode>: members, demo or visitor).
export const CHAT_SCRIPT_SESSION = `
  // ── the session (members) ──────────────────────────────────────────────────────────────────────
  function saveSession(data) {
    session = { token: data.accessToken, exp: Date.now() + data.expiresIn * 1000, member: data.member };
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {}
  }
  function loadSession() {
    try {
      const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (stored && stored.token && stored.exp > Date.now() + 5000 && stored.member) return stored;
    } catch {}
    return null;
  }
  function dropSession() {
    session = null;
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {}
  }

  // 'ok', 'no' (not signed in) or 'offline'; one refresh at a time for the whole page
  function refresh() {
    if (!refreshing) refreshing = doRefresh().finally(() => (refreshing = null));
    return refreshing;
  }
  async function doRefresh() {
    for (let i = 0; i < 3; i++) {
      let res;
      try {
        res = await fetch('/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      } catch {
        return 'offline';
      }
      if (res.ok) {
        saveSession(await res.json());
        return 'ok';
      }
      // another tab renewed the session a moment ago: its cookie is ours now
      if (res.status === 409) {
        await sleep(300 * (i + 1));
        continue;
      }
      return res.status === 401 ? 'no' : 'offline';
    }
    return 'offline';
  }

  async function call(url, init, retried) {
    if (as === 'member' && session && session.exp - Date.now() < 60000) await refresh();
    const headers = Object.assign({}, (init && init.headers) || {});
    if (as === 'member' && session) headers.authorization = 'Bearer ' + session.token;
    const res = await fetch(url, Object.assign({}, init, { headers }));
    if (res.status === 401 && as === 'member' && !retried) {
      const renewed = await refresh();
      if (renewed === 'ok') return call(url, init, true);
      if (renewed === 'no') signedOut();
    }
    return res;
  }

  // ── sign-in (phone → code) ─────────────────────────────────────────────────────────────────────
  function signinMessage(text) {
    // the server's sentences are "Arabic / English": one language a line
    signinError.textContent = text.split(' / ').join('\\n');
    signinError.hidden = !text;
  }
  function showSignIn() {
    as = '';
    closeChat();
    chatView.hidden = true;
    signin.hidden = false;
    phoneForm.hidden = false;
    codeForm.hidden = true;
    offices.hidden = true;
    signinNote.textContent = NOTES[0];
    signinNoteEn.textContent = NOTES[1];
    signinMessage('');
    phoneInput.focus();
  }
  function busy(formNode, on) {
    for (const b of formNode.querySelectorAll('button')) b.disabled = on;
  }

  async function requestCode() {
    const phone = phoneInput.value.trim();
    if (!phone) return;
    busy(phoneForm, true);
    busy(codeForm, true);
    try {
      const res = await fetch('/auth/otp/request', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signinOrg ? { phone, org: signinOrg } : { phone }),
      });
      const data = await res.json().catch(() => ({}));
      if (res.status === 202) {
        signinPhone = phone;
        phoneForm.hidden = true;
        codeForm.hidden = false;
        offices.hidden = true;
        // the server's sentence is "Arabic / English"
        const [ar, en] = String(data.message || '').split(' / ');
        signinNote.textContent = ar || '';
        signinNoteEn.textContent = en || '';
        signinMessage('');
        codeInput.value = '';
        codeInput.focus();
      } else {
        signinMessage(data.message || 'تعذّر إرسال الرمز (' + res.status + ').');
      }
    } catch {
      signinMessage('تعذّر الاتصال بنوفا. حاول مرة أخرى.');
    } finally {
      busy(phoneForm, false);
      busy(codeForm, false);
    }
  }

  async function verifyCode() {
    const code = codeInput.value.trim();
    if (!code || !signinPhone) return;
    busy(codeForm, true);
    try {
      const body = { phone: signinPhone, code };
      if (signinOrg) body.org = signinOrg;
      const res = await fetch('/auth/otp/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const data = await res.json().catch(() => ({}));
      if (res.ok) {
        saveSession(data);
        signinPhone = '';
        signinOrg = '';
        enterMember();
        return;
      }
      if (res.status === 409 && Array.isArray(data.offices)) {
        offices.replaceChildren();
        for (const office of data.offices) {
          const button = make('button', '', office.name);
          button.type = 'button';
          button.addEventListener('click', () => {
            signinOrg = office.slug;
            verifyCode();
          });
          offices.append(button);
        }
        offices.hidden = false;
      }
      signinMessage(data.message || 'تعذّر الدخول (' + res.status + ').');
    } catch {
      signinMessage('تعذّر الاتصال بنوفا. حاول مرة أخرى.');
    } finally {
      busy(codeForm, false);
    }
  }

  phoneForm.addEventListener('submit', (event) => {
    event.preventDefault();
    signinOrg = '';
    requestCode();
  });
  codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    verifyCode();
  });
  $('resend').addEventListener('click', () => {
    phoneInput.value = signinPhone || phoneInput.value;
    requestCode();
  });
  $('change-phone').addEventListener('click', () => {
    signinPhone = '';
    signinOrg = '';
    showSignIn();
  });
  signOutButton.addEventListener('click', async () => {
    try {
      await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
    } catch {}
    signedOut();
  });
  if (signInOpen) signInOpen.addEventListener('click', () => {
    picker.hidden = true;
    phoneLine.textContent = '';
    signInOpen.hidden = true;
    showSignIn();
  });

  // ── start ──────────────────────────────────────────────────────────────────────────────────────
  async function startDemo() {
    try {
      const res = await fetch(api('identities'));
      if (!res.ok) throw new Error('HTTP ' + res.status);
      identities = await res.json();
    } catch {
      showError('تعذّر تحميل الهويات. حدّث الصفحة بعد قليل.', 'start');
      setTimeout(startDemo, 3000);
      return;
    }
    if (as === 'member') return;
    picker.replaceChildren();
    for (const identity of identities) {
      const option = make('option', '', identity.name + ' · ' + (ROLES[identity.role] || identity.role));
      option.value = identity.phone;
      picker.append(option);
    }
    picker.disabled = false;
    let stored = null;
    try {
      stored = localStorage.getItem('nova.chat.identity');
    } catch {}
    choose(stored);
  }

  async function startMember() {
    session = loadSession();
    if (session) {
      enterMember();
      return true;
    }
    const renewed = await refresh();
    if (renewed === 'ok') {
      enterMember();
      return true;
    }
    return false;
  }

  async function start() {
    if (MODE === 'visitor') {
      as = 'visitor';
      openChat('visitor', 'visitor');
      return;
    }
    if (MODE === 'demo') {
      // a member who signed in on the demo page stays signed in
      if (loadSession() && (await startMember())) return;
      startDemo();
      return;
    }
    if (!(await startMember())) showSignIn();
  }
  start();
`;
