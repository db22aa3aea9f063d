// Features over a fake core, without a database: the unit-test harness of bot/features. It runs what
// the engine runs once the sender is known (bot/engine/pipeline.ts: understandAndAnswer) with a core
// whose methods are the test's stubs; a call to a method the test did not stub fails the test, and
// every call is recorded.

import { compose } from '../../bot/engine/compose.ts';
import { type Actor, type ContactInfo, type ConversationState, newTurnContext } from '../../bot/engine/context.ts';
import type { Feature } from '../../bot/engine/feature.ts';
import { understandAndAnswer } from '../../bot/engine/pipeline.ts';
import type { Media } from '../../bot/media.ts';
import type { OutboundMessage } from '../../bot/types.ts';
import { disabledAi } from '../../core/ai/ai.port.ts';
import type { Core } from '../../core/core.ts';
import { createLogger } from '../../core/shared/logger.ts';
import type { Member } from '../../core/teams/teams.service.ts';

type Stubs = { [M in keyof Core]?: Partial<Core[M]> };

export interface CoreCall {
  method: string;
  args: unknown[];
}

/** A core whose modules answer with the stubs; anything else throws, naming the missing stub. */
export function fakeCore(stubs: Stubs, calls: CoreCall[] = []): Core {
  return new Proxy({} as Core, {
    get(_target, moduleName: string) {
      const module = (stubs as Record<string, Record<string, unknown>>)[moduleName] ?? {};
      return new Proxy(
        {},
        {
          get(_m, methodName: string) {
            const stub = module[methodName];
            // a stubbed value (core.ai.enabled) is read as it is
            if (stub !== undefined && typeof stub !== 'function') return stub;
            return (...args: unknown[]) => {
              calls.push({ method: `${moduleName}.${methodName}`, args });
              if (typeof stub !== 'function') throw new Error(`core.${moduleName}.${methodName} is not stubbed`);
              return stub(...args);
            };
          },
        },
      );
    },
  });
}

export const testMember = (overrides: Partial<Member> = {}): Member => ({
  userId: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-0000000000aa',
  name: 'سعد',
  phone: '+966500000001',
  role: 'broker',
  language: 'ar',
  timeZone: 'Asia/Riyadh',
  permissions: [],
  visibleUserIds: ['00000000-0000-4000-8000-000000000001'],
  ...overrides,
});

export interface HarnessOptions {
  features: readonly Feature[];
  core: Stubs;
  /** a member (default: a broker) or a contact */
  actor?: Actor;
  now?: Date;
  tz?: string;
}

/** A chat with the features: send() runs one turn and returns its replies; state carries over. */
export function featureHarness(options: HarnessOptions) {
  const calls: CoreCall[] = [];
  // the AI helper is off unless a test stubs it (as without OPENAI_API_KEY)
  const core = fakeCore(
    { contacts: { setLanguage: async () => undefined }, ai: disabledAi, ...options.core } as Stubs,
    calls,
  );
  const run = compose(understandAndAnswer(options.features));
  const actor: Actor = options.actor ?? { kind: 'member', member: testMember() };
  const organizationId = actor.kind === 'member' ? actor.member.organizationId : testMember().organizationId;
  let state: ConversationState = {};
  const contact: ContactInfo = {
    id: '00000000-0000-4000-8000-0000000000c1',
    phone: actor.kind === 'member' ? actor.member.phone : '+966555550002',
    displayName: actor.kind === 'member' ? actor.member.name : 'عميل',
    language: 'ar',
    role: actor.kind === 'member' ? 'broker' : actor.role,
    userId: actor.kind === 'member' ? actor.member.userId : null,
    customerId: actor.kind === 'contact' ? actor.customerId : null,
  };
  let seq = 0;
  return {
    calls,
    get state() {
      return state;
    },
    async send(text: string, choiceId?: string): Promise<OutboundMessage[]> {
      seq += 1;
      const ctx = newTurnContext({
        inboundId: `test-${seq}`,
        inbound: {
          channelAccountId: 'test-account',
          externalId: `test-${seq}`,
          chatId: contact.id,
          sender: { externalId: contact.id, phone: contact.phone ?? undefined },
          kind: choiceId ? 'choice' : 'text',
          text,
          choiceId,
        },
        organizationId,
        channel: { accountId: 'test-account', kind: 'memory' },
        contact,
        actor,
        lang: 'ar',
        tz: options.tz ?? 'Asia/Riyadh',
        now: options.now ?? new Date('2026-12-01T09:00:00Z'),
        core,
        logger: createLogger('silent'),
        state: structuredClone(state),
        text: '',
        media: {} as Media,
      });
      await run(ctx);
      state = ctx.state;
      contact.language = ctx.lang;
      return ctx.replies;
    },
  };
}
