// Adding a member by chat: «أضف ليلى 0551234567 للفريق وسيط» / "add Layla +966551234567 as broker".
// What is missing (name, phone, role) is asked, then Nova confirms; on yes the member is created
// pending and invited on her own number where numbers are addresses (WhatsApp, the web chat), or her
// invitation waits for her first message (Telegram). A correction («لا، مراقب», "no, her number is
// 05…") works at every step; «إلغاء» stops.
import { z } from 'zod';
import { contactScope, memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import { chatIdOfPhone } from '../../engine/addressing.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { confirmChoices, say } from '../shared/helpers.ts';
import { invitationText, memberErrorText, roleLabel } from './team.texts.ts';
import { CHAT_ROLES, type ChatRole, nameIn, phoneIn, roleFromWords } from './team.words.ts';

const addSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  phone: z.string().optional(),
  role: z.enum(['broker', 'team_member', 'observer', 'manager']).optional(),
});
type AddData = z.infer<typeof addSchema>;
type AddStep = 'ask_name' | 'ask_phone' | 'ask_role' | 'confirm';

/** «اسمها ليلى العتيبي», "her name is Layla": a name said as a correction. */
const NAME_CUE = /(?:^|\s)(?:اسمه|اسمها|الاسم|name is|named|call (?:him|her))\s+(.+)$/iu;

/** The facts a message gives about the new member: a role, a phone, a name after a name cue. */
function factsOf(ctx: TurnContext): AddData {
  const role = roleFromWords(ctx.text);
  const phone = phoneIn(ctx.text);
  const cued = NAME_CUE.exec(ctx.text)?.[1];
  const name = cued ? nameIn(cued, phone ? phoneIn(cued) : undefined) : undefined;
  return { ...(role ? { role } : {}), ...(phone ? { phone: phone.phone } : {}), ...(name ? { name } : {}) };
}

const hasFacts = (facts: AddData) => Boolean(facts.role || facts.phone || facts.name);

/** A name typed on its own at "what is the name?": letters, no digits, a few words. */
function typedName(ctx: TurnContext): string | undefined {
  const text = ctx.text.trim();
  if (!text || text.length > 80 || /[0-9٠-٩۰-۹]/u.test(text)) return undefined;
  return nameIn(text);
}

const roleChoices = (ctx: TurnContext) =>
  CHAT_ROLES.map((role) => ({ id: `role:${role}`, label: roleLabel(ctx.lang, role) }));

export const addMemberDialog = defineDialog({
  name: 'team_add',
  version: 1,
  steps: ['ask_name', 'ask_phone', 'ask_role', 'confirm'] as const,
  schema: addSchema,
  about: (data) => ({
    ar: `تضيف ${data.name ?? 'عضو'} للفريق`,
    en: `adding ${data.name ?? 'a member'} to the team`,
  }),
  accepts(ctx, { step }) {
    if (ctx.choice) return true;
    if (hasFacts(factsOf(ctx))) return true;
    const intent = ctx.parsed?.intent;
    if (step === 'confirm') return intent === 'confirm' || intent === 'deny';
    if (step === 'ask_name') return Boolean(typedName(ctx)) && (intent === 'unknown' || intent === undefined);
    return false;
  },
  async handle(ctx, { step, data }) {
    const member = ctx.actor.kind === 'member' ? ctx.actor.member : undefined;
    if (!member) {
      addMemberDialog.end(ctx);
      return false;
    }
    const facts = factsOf(ctx);
    let next: AddData = { ...data, ...facts };
    if (step === 'ask_name' && !facts.name) {
      const name = typedName(ctx);
      if (name) next = { ...next, name };
    }
    if (step === 'ask_role' && ctx.choice?.startsWith('role:')) {
      const role = ctx.choice.slice('role:'.length) as ChatRole;
      if ((CHAT_ROLES as readonly string[]).includes(role)) next = { ...next, role };
    }
    if (step === 'confirm' && !hasFacts(facts)) {
      const intent = ctx.parsed?.intent;
      if (ctx.choice === 'confirm' || (!ctx.choice && intent === 'confirm')) {
        await commit(ctx, member, next);
        return true;
      }
      if (ctx.choice === 'cancel' || intent === 'deny') {
        addMemberDialog.end(ctx);
        say(ctx, 'تمام، ما أضفت أحد.', 'OK, I did not add anyone.');
        return true;
      }
    }
    await continueAdd(ctx, next, step);
    return true;
  },
});

/** Asks for what is missing, or for the confirmation once all is there. */
export async function continueAdd(ctx: TurnContext, data: AddData, was?: AddStep): Promise<void> {
  const again = (step: AddStep) => was === step;
  if (!data.name) {
    addMemberDialog.start(ctx, 'ask_name', data);
    say(
      ctx,
      again('ask_name') ? 'اكتب اسم العضو بس، مثل: ليلى العتيبي' : 'تمام، وش اسم العضو الجديد؟',
      again('ask_name') ? 'Please write just the name, e.g. Layla Alotaibi' : "Sure — what is the new member's name?",
    );
    return;
  }
  if (!data.phone) {
    addMemberDialog.start(ctx, 'ask_phone', data);
    say(
      ctx,
      again('ask_phone') ? `اكتب رقم جوال ${data.name}، مثل: 0551234567` : `وش رقم جوال ${data.name}؟`,
      again('ask_phone')
        ? `Please write ${data.name}'s mobile number, e.g. +966551234567`
        : `What is ${data.name}'s mobile number?`,
    );
    return;
  }
  if (!data.role) {
    addMemberDialog.start(ctx, 'ask_role', data);
    ctx.reply({
      text: t(ctx.lang, `وش دور ${data.name} في الفريق؟`, `What will ${data.name}'s role on the team be?`),
      choices: roleChoices(ctx),
    });
    return;
  }
  addMemberDialog.start(ctx, 'confirm', data);
  const phone = formatPhoneForChat(data.phone, ctx.lang);
  ctx.reply({
    text: t(
      ctx.lang,
      `أضيف ${data.name} (${phone}) للفريق بدور ${roleLabel('ar', data.role)}؟ بأرسل له دعوة، وينضم مع أول رسالة يرسلها لي.`,
      `Add ${data.name} (${phone}) to the team as ${roleLabel('en', data.role)}? I will send an invitation; they join with their first message to me.`,
    ),
    choices: confirmChoices(ctx, t(ctx.lang, 'أضفه', 'Add')),
  });
}

async function commit(ctx: TurnContext, member: Member, data: AddData): Promise<void> {
  addMemberDialog.end(ctx);
  if (!data.name || !data.phone || !data.role) return continueAdd(ctx, data);
  const added = await ctx.core.members.add(memberScope(member), {
    name: data.name,
    phone: data.phone,
    role: data.role,
    status: 'pending',
  });
  if (!added.ok) {
    ctx.reply(memberErrorText(ctx, added.error.code, added.error.details ?? {}, data.name));
    return;
  }
  const m = added.value;
  const invitation = invitationText({ name: m.name, inviter: member.name, office: m.officeName, role: m.role });
  const message = { text: invitation, notification: { kind: 'notice' as const, params: [invitation] } };
  const chatId = chatIdOfPhone(ctx.channel.kind, m.phone);
  const phone = formatPhoneForChat(m.phone, ctx.lang);
  const done = t(
    ctx.lang,
    `✅ أضفت ${m.name} (${phone}) للفريق بدور ${roleLabel('ar', m.role)}.`,
    `✅ Added ${m.name} (${phone}) to the team as ${roleLabel('en', m.role)}.`,
  );
  if (chatId) {
    // WhatsApp and the web chat reach people by number: the invitation goes now, on this channel.
    ctx.notify({ contactId: null, channelAccountId: ctx.channel.accountId, chatId, message, userId: m.userId });
    ctx.reply(
      done +
        t(
          ctx.lang,
          ' أرسلت له دعوة على رقمه، وينضم أول ما يرد علي.',
          ' I sent them an invitation on their number; they join as soon as they reply.',
        ),
    );
    return;
  }
  // Telegram reaches nobody by number: the invitation waits for the member's first message to the bot.
  await ctx.core.notifications.queueForMember(contactScope(ctx.organizationId), m.userId, message, {
    type: 'invite',
    entityType: 'user',
    entityId: m.userId,
  });
  ctx.reply(
    done +
      t(
        ctx.lang,
        ' تيليجرام ما يوصل لأحد برقمه: اطلب منه يفتح البوت ويضغط «شارك رقمي»، وينضم مع أول رسالة.',
        ' Telegram reaches nobody by number: ask them to open this bot and tap "Share my number"; they join with their first message.',
      ),
  );
}
