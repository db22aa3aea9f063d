// What Nova says: one message, as every channel renders it. Written by notify() (the one writer of
// outbound messages) and rendered by each channel adapter in bot/channels.

export interface Choice {
  id: string;
  label: string;
}

export interface OutboundMessage {
  text: string;
  /** buttons or a list; channels without them get a numbered list in the text */
  choices?: Choice[];
  media?: { kind: 'image' | 'document'; storageKey?: string; url?: string; fileName?: string; mimeType?: string };
  location?: { latitude: number; longitude: number; name?: string };
  /** ask the user to share their phone number (Telegram) */
  requestContact?: boolean;
  /**
   * Set on messages Nova sends on its own (reminders, match alerts), not as a reply. Channels with a
   * customer-service window (WhatsApp Cloud: 24 h) send these outside it as an approved template of
   * this kind, with these parameters. `notice`: a member told of something another user did (a new
   * listing, a request, a booking), its one parameter the notice in one line.
   */
  notification?: { kind: 'reminder' | 'match_alert' | 'appointment' | 'digest' | 'notice'; params: string[] };
}
