// The admin pages' own HTML: /admin (sign in, then links to the queue dashboard and the WhatsApp Web QR
// pages) and the QR pairing page of one number. Self-contained documents (no fonts, scripts or styles
// from elsewhere: they work offline), each script and the stylesheet allowed by hash in a strict CSP.
// Arabic first, English beside it, as the web chat.
import { createHash } from 'node:crypto';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6576; --bg: #f6f7f9; --card: #fff; --line: #dde1e7; --accent: #0b7a5a; --bad: #b42318; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8ecf1; --muted: #9aa5b4; --bg: #12161c; --card: #1b212a; --line: #2c3440; --accent: #3cc39a; --bad: #f97066; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Tahoma, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 640px; margin: 0 auto; padding: 24px 16px; }
h1 { font-size: 1.4rem; margin: 0 0 16px; }
h2 { font-size: 1.1rem; margin: 0 0 8px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px; margin-bottom: 16px; }
.en { color: var(--muted); font-size: 0.92rem; margin-top: 2px; }
label { display: block; margin: 12px 0 4px; font-weight: 600; }
input { width: 100%; padding: 10px; font: inherit; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: 10px 14px; border-radius: 8px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; margin-top: 12px; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.link { border: none; background: none; color: var(--accent); padding: 4px 0; margin-inline-end: 16px; }
.error { color: var(--bad); white-space: pre-line; }
ul { list-style: none; padding: 0; margin: 0; }
li { padding: 8px 0; border-top: 1px solid var(--line); }
li:first-child { border-top: none; }
a { color: var(--accent); }
.state { font-weight: 600; }
.qr { display: block; margin: 16px auto; width: 320px; max-width: 100%; height: auto; background: #fff; padding: 8px; border-radius: 8px; }
.code { font: 600 2rem/1.2 ui-monospace, monospace; letter-spacing: 0.2em; text-align: center; direction: ltr; }
details { margin-top: 12px; }
`;

// ── /admin: sign in (a member's code, or the operator's ADMIN_TOKEN), then the links ──────────────────
const ADMIN_SCRIPT = `
(() => {
  const $ = (id) => document.getElementById(id);
  const nextRaw = new URLSearchParams(location.search).get('next') || '';
  const next = /^\\/admin\\/[A-Za-z0-9\\/_.-]*$/.test(nextRaw) ? nextRaw : '';
  const STATES = ${JSON.stringify({
    connected: ['متصل', 'connected'],
    waiting_for_qr: ['ينتظر مسح رمز QR', 'waiting for its QR code'],
    waiting_for_pairing_code: ['ينتظر رمز الربط', 'waiting for the pairing code'],
    reconnecting: ['يعيد الاتصال', 'reconnecting'],
    disconnected: ['غير متصل', 'disconnected'],
    logged_out: ['خرج من الأجهزة المرتبطة', 'logged out'],
    owned_elsewhere: ['يعمل في نسخة أخرى', 'owned by another process'],
  })};
  let phone = '';
  let office = '';

  function show(view) {
    for (const v of ['loading', 'signin', 'index', 'denied']) $(v).hidden = v !== view;
  }
  function say(text) {
    $('error').textContent = String(text || '').split(' / ').join('\\n');
    $('error').hidden = !text;
  }
  async function json(res) {
    try { return await res.json(); } catch { return {}; }
  }
  async function overview() {
    const res = await fetch('/admin/api/overview', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return { status: res.status, data: res.ok ? await json(res) : null };
  }
  /** trades a Bearer credential (an access token, or ADMIN_TOKEN) for the pages' cookie */
  async function exchange(token) {
    const res = await fetch('/admin/session', { method: 'POST', credentials: 'same-origin', headers: { authorization: 'Bearer ' + token } });
    if (!res.ok) say((await json(res)).message || 'تعذّر الدخول (' + res.status + ') / Could not sign in (' + res.status + ')');
    return res.ok;
  }
  async function silentSignIn() {
    // this browser's open sign-in (the web chat's, through its refresh cookie)
    try {
      const res = await fetch('/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      if (!res.ok) return false;
      const data = await json(res);
      return data.accessToken ? exchange(data.accessToken) : false;
    } catch {
      return false;
    }
  }
  function stateText(state) {
    const t = STATES[state];
    return t ? t[0] + ' · ' + t[1] : state;
  }
  function renderIndex(data) {
    const who = data.caller.kind === 'operator' ? 'المشغّل (ADMIN_TOKEN) · Operator' : data.caller.name + ' — ' + data.caller.office.name;
    $('who').textContent = who;
    $('queues').hidden = !data.queues;
    const list = $('numbers');
    list.textContent = '';
    for (const n of data.whatsapp) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = n.url;
      a.textContent = n.label;
      const s = document.createElement('div');
      s.className = 'en';
      s.textContent = stateText(n.state);
      li.append(a, s);
      list.append(li);
    }
    $('no-numbers').hidden = data.whatsapp.length > 0;
    show('index');
  }
  async function start() {
    let o = await overview();
    if (o.status === 401 && (await silentSignIn())) o = await overview();
    if (o.status === 200) {
      if (next) return location.replace(next);
      return renderIndex(o.data);
    }
    if (o.status === 403) return show('denied');
    show('signin');
    $('phone-form').hidden = false;
    $('code-form').hidden = true;
  }

  $('phone-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    phone = $('phone').value.trim();
    if (!phone) return;
    say('');
    const res = await fetch('/auth/otp/request', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(office ? { phone, org: office } : { phone }),
    });
    const data = await json(res);
    if (res.status !== 202) return say(data.message || 'تعذّر إرسال الرمز / Could not send the code');
    $('phone-form').hidden = true;
    $('code-form').hidden = false;
    $('code').focus();
  });
  $('code-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('code').value.trim();
    if (!code) return;
    say('');
    const res = await fetch('/auth/otp/verify', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(office ? { phone, code, org: office } : { phone, code }),
    });
    const data = await json(res);
    if (res.status === 409 && Array.isArray(data.offices)) {
      const box = $('offices');
      box.textContent = '';
      for (const o of data.offices) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = o.name;
        b.addEventListener('click', () => {
          office = o.slug;
          $('code-form').requestSubmit();
        });
        box.append(b);
      }
      box.hidden = false;
      return say(data.message);
    }
    if (!res.ok) return say(data.message || 'الرمز غير صحيح / Wrong code');
    if (await exchange(data.accessToken)) start();
  });
  $('token-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    $('token').value = '';
    if (token && (await exchange(token))) start();
  });
  $('sign-out').addEventListener('click', async () => {
    await fetch('/admin/session/end', { method: 'POST', credentials: 'same-origin' });
    await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => {});
    office = '';
    start();
  });
  $('denied-out').addEventListener('click', () => $('sign-out').click());
  start();
})();
`;

export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(ADMIN_SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function renderAdminPage(): string {
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>نوفا · إدارة · Nova admin</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>إدارة نوفا <span class="en" lang="en">· Nova admin</span></h1>
  <section id="loading" class="card">…</section>
  <section id="signin" class="card" hidden>
    <h2>دخول مالك المكتب · Owner sign-in</h2>
    <p>اكتب رقم جوالك، ويوصلك رمز دخول في محادثتك مع نوفا.</p>
    <p class="en" lang="en" dir="ltr">Enter your phone number: a sign-in code comes to your chat with Nova.</p>
    <form id="phone-form" novalidate>
      <label for="phone">رقم الجوال · Phone</label>
      <input id="phone" type="tel" inputmode="tel" autocomplete="tel" dir="ltr" maxlength="40" placeholder="05XXXXXXXX">
      <button class="primary" type="submit">أرسل الرمز · Send code</button>
    </form>
    <form id="code-form" novalidate hidden>
      <label for="code">رمز الدخول · Code</label>
      <input id="code" inputmode="numeric" autocomplete="one-time-code" dir="ltr" maxlength="20" placeholder="123456">
      <div id="offices" hidden></div>
      <button class="primary" type="submit">دخول · Sign in</button>
    </form>
    <details>
      <summary>رمز المشغّل · Operator token (ADMIN_TOKEN)</summary>
      <form id="token-form" novalidate>
        <label for="token">ADMIN_TOKEN</label>
        <input id="token" type="password" autocomplete="off" dir="ltr" maxlength="4096">
        <button type="submit">دخول · Sign in</button>
      </form>
    </details>
    <p class="error" id="error" role="alert" hidden></p>
  </section>
  <section id="denied" class="card" hidden>
    <p>هذه الصفحات لمالك المكتب أو مديره فقط.</p>
    <p class="en" lang="en" dir="ltr">These pages are for the owner or an admin of the office only.</p>
    <button id="denied-out" type="button">خروج · Sign out</button>
  </section>
  <section id="index" hidden>
    <div class="card">
      <p id="who"></p>
      <button id="sign-out" type="button">خروج · Sign out</button>
    </div>
    <div class="card" id="queues" hidden>
      <h2><a href="/admin/queues">الطوابير · Queues</a></h2>
      <p class="en" lang="en" dir="ltr">Jobs waiting, running, delayed and failed (BullMQ).</p>
    </div>
    <div class="card">
      <h2>أرقام واتساب ويب · WhatsApp Web numbers</h2>
      <ul id="numbers"></ul>
      <p class="en" id="no-numbers" dir="auto" hidden>لا يوجد · None started in this process.</p>
    </div>
  </section>
</main>
<script>${ADMIN_SCRIPT}</script>
</body>
</html>`;
}

// ── the QR pairing page of one WhatsApp Web number: its state, live ─────────────────────────────────────
const PAIRING_SCRIPT = `
(() => {
  const $ = (id) => document.getElementById(id);
  const STATES = ${JSON.stringify({
    connected: ['✅ متصل: الرقم مربوط بنوفا.', 'Connected: the number is linked to Nova.'],
    waiting_for_qr: [
      'امسح الرمز من واتساب ← الأجهزة المرتبطة ← ربط جهاز. يتجدد الرمز كل ٢٠ ثانية تقريباً.',
      'Scan it from WhatsApp → Linked devices → Link a device. It changes about every 20 seconds.',
    ],
    waiting_for_pairing_code: [
      'اكتب هذا الرمز في واتساب ← الأجهزة المرتبطة ← الربط برقم الهاتف.',
      'Type this code in WhatsApp → Linked devices → Link with phone number.',
    ],
    reconnecting: ['يعيد الاتصال…', 'Reconnecting…'],
    disconnected: ['غير متصل.', 'Disconnected.'],
    logged_out: [
      'خرج الرقم من الأجهزة المرتبطة: أعد تشغيل نوفا ليظهر رمز جديد.',
      'Logged out: restart Nova for a new QR code.',
    ],
    owned_elsewhere: ['نسخة أخرى من نوفا تملك هذا الرقم الآن.', 'Another Nova process owns this number now.'],
  })};
  let shown = '';
  async function poll() {
    let data = null;
    try {
      const res = await fetch('state', { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
      if (res.status === 401 || res.status === 403) return location.replace('/admin?next=' + encodeURIComponent(location.pathname));
      if (res.ok) data = await res.json();
    } catch {}
    if (data) {
      const t = STATES[data.state] || [data.state, ''];
      $('state').textContent = t[0];
      $('state-en').textContent = t[1];
      const img = $('qr');
      if (data.qrId) {
        if (shown !== data.qrId) img.src = 'qr.png?v=' + encodeURIComponent(data.qrId);
        shown = data.qrId;
        img.hidden = false;
      } else {
        img.hidden = true;
        shown = '';
      }
      $('code').textContent = data.pairingCode || '';
      $('code').hidden = !data.pairingCode;
    }
    setTimeout(poll, 2000);
  }
  poll();
})();
`;

export const PAIRING_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(PAIRING_SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderPairingPage(label: string): string {
  const name = escapeHtml(label);
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${name} · ربط واتساب · WhatsApp pairing</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>ربط واتساب ويب <span class="en" lang="en">· WhatsApp Web pairing</span></h1>
  <div class="card">
    <h2 dir="auto">${name}</h2>
    <p class="state" id="state" role="status">…</p>
    <p class="en" id="state-en" lang="en" dir="ltr"></p>
    <img class="qr" id="qr" alt="QR" width="384" height="384" hidden>
    <p class="code" id="code" hidden></p>
  </div>
  <p><a href="/admin">← إدارة نوفا · Nova admin</a></p>
</main>
<script>${PAIRING_SCRIPT}</script>
</body>
</html>`;
}
