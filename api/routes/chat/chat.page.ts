// The web chat page: one self-contained RTL document (no fonts, scripts or styles from elsewhere, so it
// works offline and the CSP can forbid every other origin). Three modes share it: `members` (/chat:
// sign in with a code, then talk as that member), `demo` (/chat with NOVA_DEMO=1: pick a demo identity,
// a visible banner says so) and `visitor` (/o/<slug>: a visitor talks to one office as a contact).
// Only the markup differs by mode; the one script and the one stylesheet are the same (their hashes
// are in the CSP), and the script reads the mode from <body data-mode>.
import { createHash } from 'node:crypto';
import { CHAT_SCRIPT_CHAT } from './chat.script.ts';
import { CHAT_SCRIPT_SESSION } from './chat.signin.script.ts';
import { CHAT_STYLE } from './chat.style.ts';

const SCRIPT = `\n(() => {\n${CHAT_SCRIPT_CHAT}${CHAT_SCRIPT_SESSION}})();\n`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own script and style run; it talks to its own origin and nothing else. */
export const CHAT_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(CHAT_STYLE)}`,
  "connect-src 'self'",
  // the pictures Nova sends (a report's chart) through this server's signed /media links
  "img-src data: 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ChatPageMode = 'members' | 'demo' | 'visitor';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch as '&' | '<' | '>' | '"' | "'"],
  );

const DEMO_BANNER = `<p class="banner" id="demo-banner" role="note"><strong>وضع تجريبي · Demo</strong> — هويات تجريبية بلا تسجيل دخول، على بيانات المكتب التجريبي فقط. <span lang="en" dir="ltr">Demo identities, no sign-in, demo office data only.</span></p>`;

const SIGN_IN = `<section class="signin" id="signin" hidden>
    <div class="card">
      <h2>دخول الأعضاء · Sign in</h2>
      <p id="signin-note">اكتب رقم جوالك المسجّل في مكتبك، ويوصلك رمز دخول في محادثتك مع نوفا (واتساب أو تيليجرام).</p>
      <p class="en" id="signin-note-en" lang="en">Enter your phone number: a sign-in code comes to your chat with Nova.</p>
      <form id="phone-form" autocomplete="on" novalidate>
        <label for="phone-input">رقم الجوال · Phone</label>
        <input id="phone-input" name="phone" type="tel" inputmode="tel" autocomplete="tel" dir="ltr" maxlength="40" placeholder="05XXXXXXXX">
        <button class="primary" id="phone-submit" type="submit">أرسل الرمز · Send code</button>
      </form>
      <form id="code-form" autocomplete="off" novalidate hidden>
        <label for="code-input">رمز الدخول · Code</label>
        <input id="code-input" name="code" inputmode="numeric" autocomplete="one-time-code" dir="ltr" maxlength="20" placeholder="123456">
        <div class="offices" id="offices" hidden></div>
        <button class="primary" id="code-submit" type="submit">دخول · Sign in</button>
        <div class="links">
          <button class="link" id="resend" type="button">أرسل رمزاً جديداً · New code</button>
          <button class="link" id="change-phone" type="button">غيّر الرقم · Change number</button>
        </div>
      </form>
      <p class="error" id="signin-error" role="alert" hidden></p>
    </div>
  </section>`;

export function renderChatPage(options: { mode: ChatPageMode; officeName?: string }): string {
  const { mode } = options;
  const office = options.officeName ? escapeHtml(options.officeName) : undefined;
  const title = mode === 'visitor' && office ? `${office} · نوفا` : mode === 'demo' ? 'نوفا · محادثة تجريبية' : 'نوفا';
  const heading = mode === 'visitor' && office ? office : 'نوفا';
  const hint =
    mode === 'visitor'
      ? 'تكلّم مع المكتب: اسأل عن عقار، أو اعرض عقارك. Talk to this office.'
      : mode === 'demo'
        ? 'محادثة تجريبية: اختر هوية وتكلّم مع نوفا كأنك على واتساب.'
        : 'محادثة أعضاء المكتب مع نوفا. Office members only.';
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${CHAT_STYLE}</style>
</head>
<body data-mode="${mode}">
<div class="app">
  <header>
    <div class="logo" aria-hidden="true">ن</div>
    <div class="title">
      <h1>${heading}</h1>
      <p class="hint">${hint}</p>
    </div>
    <div class="who">
      <select id="identity" aria-label="تتكلم باسم" disabled${mode === 'demo' ? '' : ' hidden'}></select>
      <span class="phone" id="phone" dir="ltr"></span>
      <span class="member" id="member" hidden></span>
      <button class="link" id="signout" type="button" hidden>خروج · Sign out</button>
      ${mode === 'demo' ? '<button class="link" id="signin-open" type="button">دخول الأعضاء · Member sign-in</button>' : ''}
    </div>
  </header>
  ${mode === 'demo' ? DEMO_BANNER : ''}
  ${SIGN_IN}
  <div class="chat-view" id="chat-view"${mode === 'members' ? ' hidden' : ''}>
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
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
