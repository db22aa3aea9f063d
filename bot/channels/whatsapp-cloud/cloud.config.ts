// Reading the WhatsApp Cloud settings from the environment's strings: the template of each kind of
// notification is "name:language" (language defaults to Arabic), e.g.
// WHATSAPP_CLOUD_TEMPLATE_REMINDER=nova_reminder:ar.
import type { CloudTemplate, CloudTemplates, NotificationKind } from './cloud.render.ts';

/** Graph API v24.0 (October 2025): usable until two years after v25.0's release. */
export const DEFAULT_WHATSAPP_CLOUD_API_BASE = 'https://graph.facebook.com/v24.0';

/** The environment variable naming the template of each notification kind. */
export const CLOUD_TEMPLATE_ENV: Record<NotificationKind, string> = {
  reminder: 'WHATSAPP_CLOUD_TEMPLATE_REMINDER',
  match_alert: 'WHATSAPP_CLOUD_TEMPLATE_MATCH_ALERT',
  appointment: 'WHATSAPP_CLOUD_TEMPLATE_APPOINTMENT',
  digest: 'WHATSAPP_CLOUD_TEMPLATE_DIGEST',
  notice: 'WHATSAPP_CLOUD_TEMPLATE_NOTICE',
};

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(?:_[A-Z]{2})?$/;

/** "nova_reminder:ar" → { name, language }; "" or undefined → undefined; anything else throws naming the fault. */
export function parseCloudTemplate(value: string | undefined): CloudTemplate | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  const [name = '', language = 'ar', ...extra] = raw.split(':').map((s) => s.trim());
  if (extra.length || !TEMPLATE_NAME.test(name)) {
    throw new Error('must be "template_name" or "template_name:language" (lower-case letters, digits and _)');
  }
  if (!LANGUAGE.test(language)) throw new Error('the language after ":" must be a code such as ar, en or en_US');
  return { name, language };
}

/**
 * The templates configured in an environment (process.env or the parsed config object); a bad value
 * throws "invalid VARIABLE: …".
 */
export function cloudTemplatesFromEnv(env: object): CloudTemplates {
  const templates: CloudTemplates = {};
  const values = env as Record<string, unknown>;
  for (const [kind, variable] of Object.entries(CLOUD_TEMPLATE_ENV) as Array<[NotificationKind, string]>) {
    try {
      const value = values[variable];
      const template = parseCloudTemplate(typeof value === 'string' ? value : undefined);
      if (template) templates[kind] = template;
    } catch (error) {
      throw new Error(`invalid ${variable}: ${(error as Error).message}`);
    }
  }
  return templates;
}
