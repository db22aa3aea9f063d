// Which endpoint URLs are accepted, and which redirects a delivery follows.
import { describe, expect, it } from 'vitest';
import { checkEndpointUrl, sameOriginRedirect } from '../../../core/webhooks/url.ts';

describe('endpoint URLs', () => {
  it('accepts http and https URLs, without their fragment', () => {
    expect(checkEndpointUrl(' https://crm.example.com/hooks/nova?key=1#x ')).toEqual({
      ok: true,
      url: 'https://crm.example.com/hooks/nova?key=1',
    });
    expect(checkEndpointUrl('http://127.0.0.1:8080/in')).toEqual({ ok: true, url: 'http://127.0.0.1:8080/in' });
  });

  it('refuses other schemes, credentials in the URL, and what is no URL', () => {
    for (const [url, reason] of [
      ['file:///etc/passwd', 'scheme'],
      ['ftp://example.com/x', 'scheme'],
      ['javascript:alert(1)', 'scheme'],
      ['data:text/plain,hi', 'scheme'],
      ['https://user:pass@example.com/', 'credentials'],
      ['not a url', 'malformed'],
      ['', 'length'],
      [`https://example.com/${'a'.repeat(2_100)}`, 'length'],
    ] as const)
      expect(checkEndpointUrl(url)).toEqual({ ok: false, reason });
  });
});

describe('redirects of a delivery', () => {
  it('follows a redirect on the same scheme, host and port, relative or absolute', () => {
    expect(sameOriginRedirect('https://a.example/in', '/v2/in')).toBe('https://a.example/v2/in');
    expect(sameOriginRedirect('https://a.example/in', 'https://a.example/other')).toBe('https://a.example/other');
  });

  it('never follows one to another host, port or scheme, nor a missing location', () => {
    expect(sameOriginRedirect('https://a.example/in', 'https://b.example/in')).toBeNull();
    expect(sameOriginRedirect('https://a.example/in', 'https://a.example:8443/in')).toBeNull();
    expect(sameOriginRedirect('https://a.example/in', 'http://a.example/in')).toBeNull();
    expect(sameOriginRedirect('http://127.0.0.1:9/in', 'http://169.254.169.254/latest')).toBeNull();
    expect(sameOriginRedirect('https://a.example/in', null)).toBeNull();
  });
});
