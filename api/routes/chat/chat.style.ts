// The web chat page's one stylesheet (RTL, light and dark), shared by /chat and the public office page.
// Its hash is in the page's CSP: any change here changes the hash, nothing else to do.
export const CHAT_STYLE = `
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
.bubble .picture { display: block; width: 100%; max-width: 420px; height: auto; margin-top: 6px; border-radius: 10px;
  background: #fff; }
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
button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
@media (max-width: 560px) {
  header { padding: 8px 12px; }
  .hint { display: none; }
  .row { max-width: 88%; }
}
.banner { margin: 0; padding: 6px 16px; background: #fff4d6; color: #6b4a00; border-bottom: 1px solid #f0d58a; font-size: 13px; }
@media (prefers-color-scheme: dark) { .banner { background: #3a2f12; color: #f5d98a; border-color: #5c4a1a; } }
.banner strong { font-weight: 700; }
.member { font-size: 13.5px; font-weight: 600; }
.link { font: inherit; font-size: 12.5px; padding: 0; border: 0; background: none; color: var(--accent); cursor: pointer; text-decoration: underline; }
.chat-view { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.signin { flex: 1; display: grid; place-items: center; padding: 24px 16px; overflow-y: auto; }
.card { width: min(100%, 380px); padding: 20px; border: 1px solid var(--line); border-radius: 16px; background: var(--panel); box-shadow: var(--shadow); }
.card h2 { margin: 0 0 6px; font-size: 18px; }
.card form { display: block; padding: 0; border: 0; background: none; }
.card .en { direction: ltr; text-align: left; margin-top: -8px; }
.card p { margin: 0 0 14px; color: var(--muted); font-size: 13.5px; }
.card label { display: block; margin: 0 0 4px; font-size: 13.5px; font-weight: 600; }
.card input { width: 100%; margin: 0 0 12px; padding: 9px 12px; border: 1px solid var(--line); border-radius: 10px;
  font: inherit; font-size: 16px; color: var(--ink); background: var(--chat); outline: none; text-align: left; }
.card input:focus { border-color: var(--accent); }
.primary { width: 100%; padding: 9px 14px; border: 0; border-radius: 10px; font: inherit; font-weight: 600;
  background: var(--accent); color: var(--accent-ink); cursor: pointer; }
.primary:disabled { opacity: 0.6; cursor: default; }
.links { display: flex; justify-content: space-between; gap: 12px; margin-top: 12px; }
.offices { display: flex; flex-direction: column; gap: 6px; margin: 0 0 12px; }
.offices button { font: inherit; padding: 8px 12px; border: 1px solid var(--accent); border-radius: 10px; background: var(--panel); color: var(--accent); cursor: pointer; }
.card .error { padding: 8px 0 0; border: 0; background: none; white-space: pre-line; }
.card .note { margin: 0 0 12px; color: var(--ink); }
`;
