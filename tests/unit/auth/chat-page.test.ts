// The web chat page in its three modes: the one inline script parses, its hash and the stylesheet's are
// the ones the CSP allows, nothing runs from elsewhere, and no inline event handler exists.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHAT_PAGE_CSP, renderChatPage } from '../../../api/routes/chat/chat.page.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the web chat page', () => {
  for (const mode of ['members', 'demo', 'visitor'] as const) {
    it(`in ${mode} mode runs only its own script and style, as the CSP allows`, () => {
      const html = renderChatPage({ mode, officeName: 'مكتب <الاختبار> & "شركاه"' });
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(scripts).toHaveLength(1);
      expect(styles).toHaveLength(1);
      // parses as JavaScript (a stray escape in the template would break it)
      expect(() => new Function(scripts[0]!)).not.toThrow();
      expect(CHAT_PAGE_CSP).toContain(`script-src ${sha(scripts[0]!)}`);
      expect(CHAT_PAGE_CSP).toContain(`style-src ${sha(styles[0]!)}`);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(html).toContain(`data-mode="${mode}"`);
      expect(html.includes('id="demo-banner"')).toBe(mode === 'demo');
    });
  }

  it("escapes the office's name", () => {
    const html = renderChatPage({ mode: 'visitor', officeName: '<img src=x onerror=alert(1)>' });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
