// WhatsApp Cloud API webhook bodies as Meta sends them, for tests and benchmarks: text messages and
// "sent" statuses, in the one envelope Meta wraps every change in.
export interface CloudText {
  from: string;
  id: string;
  text: string;
  /** the sender's profile name; "زائر <last 4 digits>" when absent */
  name?: string;
}

function cloudEnvelope(phoneNumberId: string, value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'waba',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { phone_number_id: phoneNumberId, display_phone_number: '966500000000' },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

/** A webhook body carrying these text messages. */
export function cloudTextWebhook(phoneNumberId: string, batch: readonly CloudText[], timestamp = '1764000000'): string {
  return cloudEnvelope(phoneNumberId, {
    contacts: batch.map((m) => ({ wa_id: m.from, profile: { name: m.name ?? `زائر ${m.from.slice(-4)}` } })),
    messages: batch.map((m) => ({ from: m.from, id: m.id, timestamp, type: 'text', text: { body: m.text } })),
  });
}

/** A "sent" status of one message, with the callback data Nova gave it. */
export function cloudStatusWebhook(phoneNumberId: string, s: { wamid: string; callback: string; to: string }): string {
  return cloudEnvelope(phoneNumberId, {
    statuses: [
      {
        id: s.wamid,
        status: 'sent',
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: s.to,
        biz_opaque_callback_data: s.callback,
      },
    ],
  });
}
