// The signed links to stored photos (core/storage/media-links.ts) with this installation's key, derived
// from NOVA_SECRET_KEY: made by the channels when they send a photo (bin/channels.ts), checked by the
// /media route (bin/commands/start.ts). Every process of one installation derives the same key.
import type { AppConfig } from '../core/config/env.ts';
import type { Clock } from '../core/shared/clock.ts';
import { deriveKey } from '../core/shared/secrets.ts';
import { createMediaLinks, type MediaLinks } from '../core/storage/media-links.ts';
import { masterSecret } from './runtime.ts';

export function mediaLinks(cfg: AppConfig, clock: Clock): MediaLinks {
  return createMediaLinks({
    key: deriveKey(masterSecret(cfg), 'media.links'),
    clock,
    baseUrl: cfg.PUBLIC_BASE_URL,
  });
}
