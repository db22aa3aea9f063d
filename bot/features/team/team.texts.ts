// What the team feature says, in Arabic and English: roles, the invitation, the refusals, and every
// refusal core gives for a member (MemberErrorCode, mapped exhaustively).
import type { MemberErrorCode } from '../../../core/teams/members.service.ts';
import type { UserRole } from '../../../core/teams/permissions.ts';
import type { TurnContext } from '../../engine/context.ts';
import { countAr, countEn, type NounForms } from '../../render/counts.ts';
import { formatNumber, type Lang } from '../../render/format.ts';
import { t } from '../../render/texts.ts';

const ROLE_LABELS: Record<UserRole, readonly [ar: string, en: string]> = {
  owner: ['مالك', 'owner'],
  admin: ['مدير النظام', 'admin'],
  manager: ['مدير', 'manager'],
  broker: ['وسيط', 'broker'],
  team_member: ['عضو فريق', 'team member'],
  observer: ['مراقب', 'observer'],
};

export const roleLabel = (lang: Lang, role: UserRole) => t(lang, ...ROLE_LABELS[role]);

/** "a broker", "an observer". */
export const roleWithArticle = (role: UserRole) => {
  const en = ROLE_LABELS[role][1];
  return `${/^[aeiou]/.test(en) ? 'an' : 'a'} ${en}`;
};

export const notAManager = (ctx: TurnContext) =>
  t(
    ctx.lang,
    'إضافة أعضاء الفريق وإزالتهم لمالك المكتب أو المدير بس. اطلبها منهم.',
    'Only the office owner or a manager can add or remove team members. Please ask them.',
  );

/** The invitation a new member gets on her own number (or on her first message, on Telegram): both languages. */
export function invitationText(invite: { name: string; inviter: string; office: string; role: UserRole }): string {
  const ar = ROLE_LABELS[invite.role][0];
  return [
    `👋 أهلاً ${invite.name}! ${invite.inviter} أضافك لفريق «${invite.office}» في نوفا بدور ${ar}. نوفا مساعد المكتب للعملاء والعقارات والمواعيد بالمحادثة. اكتب لي أي رسالة هنا وتبدأ.`,
    `👋 Hi ${invite.name}! ${invite.inviter} added you to the team of "${invite.office}" on Nova as ${roleWithArticle(invite.role)}. Nova is the office's assistant for customers, listings and viewings, by chat. Write me any message here to start.`,
  ].join('\n\n');
}

const MOVED_NOUNS: Record<
  'customers' | 'tasks' | 'appointments' | 'requests' | 'properties',
  { ar: NounForms; en: [string, string] }
> = {
  customers: { ar: { one: 'عميل واحد', two: 'عميلين', few: 'عملاء', many: 'عميل' }, en: ['customer', 'customers'] },
  tasks: { ar: { one: 'مهمة واحدة', two: 'مهمتين', few: 'مهام', many: 'مهمة' }, en: ['open task', 'open tasks'] },
  appointments: {
    ar: { one: 'موعد قادم واحد', two: 'موعدين قادمين', few: 'مواعيد قادمة', many: 'موعد قادم' },
    en: ['upcoming appointment', 'upcoming appointments'],
  },
  requests: { ar: { one: 'طلب واحد', two: 'طلبين', few: 'طلبات', many: 'طلب' }, en: ['request', 'requests'] },
  properties: { ar: { one: 'عقار واحد', two: 'عقارين', few: 'عقارات', many: 'عقار' }, en: ['listing', 'listings'] },
};

/** «٣ عملاء، مهمتين، موعد قادم واحد» / "3 customers, 2 open tasks": what moved, the customers always said. */
export function movedSummary(lang: Lang, moved: Record<keyof typeof MOVED_NOUNS, number>): string {
  const parts = (Object.keys(MOVED_NOUNS) as Array<keyof typeof MOVED_NOUNS>)
    .filter((what) => what === 'customers' || moved[what] > 0)
    .map((what) => {
      const n = moved[what];
      const { ar, en } = MOVED_NOUNS[what];
      if (n === 0) return t(lang, 'ولا عميل', 'no customers');
      return lang === 'ar' ? countAr(n, ar) : countEn(n, en[0], en[1]);
    });
  return parts.join(lang === 'ar' ? '، ' : ', ');
}

/** Core's refusal about a member, in the member's words. `who` is the person the manager named. */
export function memberErrorText(
  ctx: TurnContext,
  code: MemberErrorCode,
  details: Record<string, unknown>,
  who: string,
): string {
  switch (code) {
    case 'MEMBER.PHONE_TAKEN':
      return details.status === 'pending'
        ? t(
            ctx.lang,
            `${details.name} مسجل بالفريق بنفس الرقم، وينضم مع أول رسالة يرسلها لي.`,
            `${details.name} is already on the team with this number, and joins with their first message to me.`,
          )
        : t(
            ctx.lang,
            `${details.name} مسجل بالفريق بنفس الرقم.`,
            `${details.name} is already on the team with this number.`,
          );
    case 'MEMBER.NOT_FOUND':
      return t(ctx.lang, `ما لقيت ${who} في الفريق.`, `I could not find ${who} on the team.`);
    case 'MEMBER.LAST_OWNER':
      return t(
        ctx.lang,
        `${who} هو المالك الوحيد للمكتب، ما أقدر أشيله.`,
        `${who} is the office's only owner: I cannot remove them.`,
      );
    case 'MEMBER.FORBIDDEN':
      return t(
        ctx.lang,
        'هذي لمالك المكتب بس: ما يقدر المدير يضيف مالك أو يشيله.',
        'Only the office owner can do that: a manager cannot add or remove an owner.',
      );
    case 'MEMBER.SELF':
      return t(ctx.lang, 'ما تقدر تشيل نفسك من الفريق.', 'You cannot remove yourself from the team.');
    case 'MEMBER.NO_SUCCESSOR':
      return t(
        ctx.lang,
        `ما فيه أحد بالفريق يستلم عملاء ${who}. أضف وسيط أو مدير أول، ما أبي يضيع شي.`,
        `Nobody on the team can take over ${who}'s customers. Add a broker or a manager first, so that nothing is lost.`,
      );
    case 'MEMBER.BAD_SUCCESSOR':
      return t(
        ctx.lang,
        'اللي يستلم عملاءه لازم يكون عضو فعّال وما يكون مراقب.',
        'Whoever takes over must be an active member who is not an observer.',
      );
    case 'MEMBER.APPOINTMENT_CLASH': {
      const n = Number(details.count ?? 1);
      return t(
        ctx.lang,
        `عند ${who} ${formatNumber(n, 'ar')} من المواعيد القادمة تتعارض مع مواعيد ${details.successorName}. غيّر وقتها أول، وبعدين أشيله، ما أبي يضيع شي.`,
        `${n} of ${who}'s upcoming appointments overlap ${details.successorName}'s. Move them first, then I remove ${who}: nothing must be lost.`,
      );
    }
    case 'MEMBER.BAD_PHONE':
      return t(
        ctx.lang,
        'الرقم هذا مو صحيح. اكتبه مثل: 0551234567',
        'That number is not valid. Write it like +966551234567',
      );
    case 'MEMBER.BAD_NAME':
      return t(ctx.lang, 'اكتب الاسم بس (أقصر من ٢٠٠ حرف).', 'Please write just the name (under 200 characters).');
    case 'MEMBER.TEAM_NOT_FOUND':
      return t(ctx.lang, 'ما لقيت الفريق هذا.', 'I could not find that team.');
  }
}
