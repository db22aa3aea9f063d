// Template settings from the environment: WHATSAPP_CLOUD_TEMPLATE_<KIND>=name[:language].
import { describe, expect, it } from 'vitest';
import { cloudTemplatesFromEnv, parseCloudTemplate } from '../../../bot/channels/whatsapp-cloud/cloud.config.ts';

describe('parseCloudTemplate', () => {
  it('reads name and language, Arabic by default', () => {
    expect(parseCloudTemplate('nova_reminder:ar')).toEqual({ name: 'nova_reminder', language: 'ar' });
    expect(parseCloudTemplate('nova_digest')).toEqual({ name: 'nova_digest', language: 'ar' });
    expect(parseCloudTemplate(' nova_match_alert : en_US ')).toEqual({ name: 'nova_match_alert', language: 'en_US' });
    expect(parseCloudTemplate('')).toBeUndefined();
    expect(parseCloudTemplate(undefined)).toBeUndefined();
  });

  it('refuses names Meta would not accept and odd languages', () => {
    expect(() => parseCloudTemplate('Nova Reminder')).toThrow(/template_name/);
    expect(() => parseCloudTemplate('a:b:c')).toThrow(/template_name/);
    expect(() => parseCloudTemplate('nova_reminder:arabic')).toThrow(/language/);
  });
});

describe('cloudTemplatesFromEnv', () => {
  it('maps each configured kind and names the variable of a bad value', () => {
    expect(
      cloudTemplatesFromEnv({
        WHATSAPP_CLOUD_TEMPLATE_REMINDER: 'nova_reminder:ar',
        WHATSAPP_CLOUD_TEMPLATE_MATCH_ALERT: 'nova_match_alert',
      }),
    ).toEqual({
      reminder: { name: 'nova_reminder', language: 'ar' },
      match_alert: { name: 'nova_match_alert', language: 'ar' },
    });
    expect(() => cloudTemplatesFromEnv({ WHATSAPP_CLOUD_TEMPLATE_DIGEST: 'Bad Name' })).toThrow(
      /^invalid WHATSAPP_CLOUD_TEMPLATE_DIGEST: /,
    );
  });
});
