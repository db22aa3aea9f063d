// Who one can be on the demo web chat: the demo organization's two brokers, and visitors for trying
// the homeowner and client side of Nova. (The web chat's sign-in replaces this outside the demo.)
import type { ChatIdentity } from '../api/routes/chat/chat.schemas.ts';
import { DEMO } from './commands/seed.ts';

export const DEMO_WEB_IDENTITIES: ChatIdentity[] = [
  { phone: DEMO.saad.phone, name: DEMO.saad.name, role: 'broker' },
  { phone: DEMO.layla.phone, name: DEMO.layla.name, role: 'broker' },
  { phone: DEMO.owner.phone, name: DEMO.owner.name, role: 'owner' },
  { phone: '+966555550001', name: 'Client (English)', role: 'client' },
  { phone: '+966555550002', name: 'عميل', role: 'client' },
];
