// Office housekeeping said in chat: deleting a customer («احذف العميل أحمد»: asked for confirmation,
// allowed only with the delete permission, a soft delete) and adding a team member («أضف عضو جديد
// للفريق خالد 05…»: not a customer; until the members feature exists, the office owner adds members).
import { z } from 'zod';
import { memberScope } from '../../../core/shared/scope.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatPhoneForChat } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { confirmChoices, type Handler, say } from '../shared/helpers.ts';
import { findCustomers } from './customers.handlers.ts';

const DELETE_WORDS = /(^|[\s،,])(احذف|احذفي|حذف|امسح|امسحي|شيل|شطب|اشطب)($|[\s،,])|\b(delete|remove|erase)\b/iu;

/** «احذف العميل أحمد», "delete lead Omar": the message asks to delete a customer. */
export function asksToDelete(text: string): boolean {
  return DELETE_WORDS.test(text);
}

const TEAM_WORDS =
  /(عضو|اعضاء|أعضاء|موظف|موظفة|زميل|وسيط|مسوق|للفريق|الفريق|فريقي|فريقنا)|\b(team ?member|member|staff|colleague|agent|teammate)\b/iu;

/** «أضف عضو جديد للفريق خالد 05…», "add Khalid to the team": a member, not a customer. */
export function asksToAddMember(text: string): boolean {
  return TEAM_WORDS.test(text) && !/عميل|عميلة|زبون|lead|client|customer/iu.test(text);
}

export const answerMemberAdd: Handler = async (ctx) => {
  say(
    ctx,
    'إضافة أعضاء الفريق يسويها مالك المكتب من إعدادات الفريق، ما أقدر أضيفهم من المحادثة للحين. ما سجلت شي كعميل.',
    'Team members are added by the office owner in the team settings; I cannot add them from the chat yet. Nothing was saved as a customer.',
  );
};

export const deleteDialog = defineDialog({
  name: 'customer_delete',
  version: 1,
  steps: ['confirm'],
  schema: z.object({ id: z.string(), name: z.string() }),
  async handle(ctx, { data }) {
    if (ctx.actor.kind !== 'member') {
      deleteDialog.end(ctx);
      return false;
    }
    const member = ctx.actor.member;
    if (ctx.choice === 'confirm' || ctx.parsed?.intent === 'confirm') {
      deleteDialog.end(ctx);
      const removed = await ctx.core.customers.remove(memberScope(member), data.id);
      if (!removed.ok) {
        say(ctx, 'ما لقيت العميل، يمكن انحذف من قبل.', 'I could not find that customer any more.');
        return true;
      }
      say(ctx, `🗑️ حذفت العميل ${data.name}.`, `🗑️ Deleted ${data.name}.`);
      return true;
    }
    if (ctx.choice === 'cancel' || ctx.parsed?.intent === 'deny' || ctx.parsed?.intent === 'cancel') {
      deleteDialog.end(ctx);
      say(ctx, `تمام، ما حذفت ${data.name}.`, `OK, ${data.name} was not deleted.`);
      return true;
    }
    // another command: the question lets go and the message is read afresh
    if (ctx.parsed && ctx.parsed.intent !== 'unknown' && ctx.parsed.confidence >= 0.7) {
      deleteDialog.end(ctx);
      return false;
    }
    ctx.reply({
      text: t(ctx.lang, `أحذف العميل ${data.name}؟`, `Delete ${data.name}?`),
      choices: confirmChoices(ctx, t(ctx.lang, 'احذف', 'Delete')),
    });
    return true;
  },
});

/** Asks before deleting the customer the message names; refuses a member without the permission. */
export async function askDelete(ctx: TurnContext): Promise<void> {
  if (ctx.actor.kind !== 'member') return;
  const member = ctx.actor.member;
  if (!memberCan(member, 'crm', 'delete')) {
    say(
      ctx,
      'ما عندك صلاحية حذف العملاء. اطلبها من مدير المكتب.',
      'You do not have permission to delete customers. Ask the office manager.',
    );
    return;
  }
  const name = ctx.parsed?.entities.name;
  if (!name) {
    say(ctx, 'أي عميل تبي تحذف؟ اكتب اسمه، مثل: احذف العميل أحمد', 'Which customer? e.g. delete lead Ahmed');
    return;
  }
  const found = await findCustomers(ctx, member, name);
  const [only] = found;
  if (!only) {
    say(ctx, `ما لقيت عميل باسم ${name}.`, `No customer named ${name}.`);
    return;
  }
  if (found.length > 1) {
    say(
      ctx,
      `عندك أكثر من عميل باسم ${name}. اكتب اسمه كامل أو رقمه عشان أحذف الصح.`,
      `You have several customers named ${name}. Write the full name or the phone so I delete the right one.`,
    );
    return;
  }
  deleteDialog.start(ctx, 'confirm', { id: only.id, name: only.name });
  const phone = only.phone ? ` (${formatPhoneForChat(only.phone, ctx.lang)})` : '';
  ctx.reply({
    text: t(
      ctx.lang,
      `متأكد تبي تحذف العميل ${only.name}${phone}؟ بيختفي من قوائمك، وتبقى صفقاته ومواعيده في السجل.`,
      `Delete ${only.name}${phone}? They leave your lists; their deals and viewings stay on record.`,
    ),
    choices: confirmChoices(ctx, t(ctx.lang, 'احذف', 'Delete')),
  });
}
