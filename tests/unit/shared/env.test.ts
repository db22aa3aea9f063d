import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../core/config/env.ts';

describe('loadConfig', () => {
  it('defaults to PostgreSQL on localhost, says the URL was not given, and leaves Redis off', () => {
    const cfg = loadConfig({});
    expect(cfg.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/nova');
    expect(cfg.databaseUrlGiven).toBe(false);
    expect(cfg.REDIS_URL).toBeUndefined();
    expect(cfg.PORT).toBe(3000);
  });

  it('takes an empty DATABASE_URL or REDIS_URL as unset, and a given one as given', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' })).toMatchObject({
      databaseUrlGiven: false,
      REDIS_URL: undefined,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://h:5433/x', REDIS_URL: 'redis://h:6380' })).toMatchObject({
      DATABASE_URL: 'postgresql://h:5433/x',
      databaseUrlGiven: true,
      REDIS_URL: 'redis://h:6380',
    });
  });

  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/^invalid DATABASE_URL: /);
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://localhost' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/^invalid REDIS_URL/);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^invalid PORT[^\n]*$/);
  });
});

describe('channel configuration', () => {
  it('leaves every channel off by default', () => {
    const cfg = loadConfig({});
    expect(cfg.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(cfg.WHATSAPP_CLOUD_TOKEN).toBeUndefined();
    expect(cfg.WHATSAPP_WEB_ENABLED).toBe(false);
    expect(cfg.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
  });

  it('names the missing WhatsApp Cloud variable when only some are set', () => {
    expect(() => loadConfig({ WHATSAPP_CLOUD_TOKEN: 't', WHATSAPP_CLOUD_PHONE_NUMBER_ID: '1' })).toThrow(
      /^invalid WHATSAPP_CLOUD_APP_SECRET: is required when the WhatsApp Cloud API is configured$/,
    );
  });

  it('reads WHATSAPP_WEB_ENABLED=1 as on', () => {
    expect(loadConfig({ WHATSAPP_WEB_ENABLED: '1' }).WHATSAPP_WEB_ENABLED).toBe(true);
    expect(() => loadConfig({ WHATSAPP_WEB_ENABLED: 'yes' })).toThrow(/^invalid WHATSAPP_WEB_ENABLED/);
  });
});
