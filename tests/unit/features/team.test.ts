// The team feature over a fake core: the words it reads (roles, names, phones, "my team"), the add
// dialog (confirm, corrections, cancel), removal with its confirmation, and the refusals to members who
// do not manage the team, in their language.
import { describe, expect, it } from 'vitest';
import { customersFeature } from '../../../bot/features/customers/index.ts';
import { teamFeature } from '../../../bot/features/team/index.ts';
import { movedSummary } from '../../../bot/features/team/team.texts.ts';
import { nameIn, phoneIn, readTeamCommand, roleFromWords } from '../../../bot/features/team/team.words.ts';
import { parse } from '../../../bot/language/index.ts';
import type { AddMemberInput, OfficeMember } from '../../../core/teams/members.service.ts';
import { featureHarness, testMember } from '../../support/feature-harness.ts';

const ok = <T>(value: T) => ({ ok: true as const, value });
const owner = testMember({ role: 'owner', name: 'أبو فهد', visibleUserIds: 'all' });
const broker = testMember({ userId: 'u-layla', name: 'ليلى' });
const LAYLA: OfficeMember = {
  userId: 'u-layla',
  name: 'ليلى',
  phone: '+966551234567',
  role: 'broker',
  status: 'active',
  teams: ['الفريق'],
};
const added = (input: AddMemberInput) =>
  ok({
    userId: 'u-new',
    name: input.name,
    phone: '+966551234567',
    role: input.role,
    status: 'pending' as const,
    teamId: 't-1',
    teamName: 'الفريق',
    officeName: 'مكتب الرياض',
    readded: false,
  });

describe('role words', () => {
  it('reads every role in Arabic and English, with its clitics', () => {
    expect(roleFromWords('للفريق وسيط')).toBe('broker');
    expect(roleFromWords('كوسيطة')).toBe('broker');
    expect(roleFromWords('as a broker')).toBe('broker');
    expect(roleFromWords('عضو فريق')).toBe('team_member');
    expect(roleFromWords('مساعدة')).toBe('team_member');
    expect(roleFromWords('as a team member')).toBe('team_member');
    expect(roleFromWords('مراقب')).toBe('observer');
    expect(roleFromWords('as an observer')).toBe('observer');
    expect(roleFromWords('مديرة')).toBe('manager');
    expect(roleFromWords('as manager')).toBe('manager');
    expect(roleFromWords('ليلى')).toBeUndefined();
  });

  it('takes the specific role over the generic "team member"', () => {
    expect(roleFromWords('add team member Layla as broker')).toBe('broker');
  });

  it('finds the phone in any spelling and the name around it', () => {
    expect(phoneIn('أضف ليلى ٠٥٥١٢٣٤٥٦٧ للفريق')?.phone).toBe('+966551234567');
    expect(phoneIn('add Layla +966 55 123 4567 as broker')?.phone).toBe('+966551234567');
    const text = 'أضف ليلى العتيبي 0551234567 للفريق كوسيطة';
    expect(nameIn(text, phoneIn(text))).toBe('ليلى العتيبي');
  });
});

describe('what the team words read', () => {
  it('an add with name, phone and role', () => {
    expect(readTeamCommand('أضف ليلى 0551234567 للفريق وسيط')).toEqual({
      kind: 'add',
      name: 'ليلى',
      phone: '+966551234567',
      role: 'broker',
    });
    expect(readTeamCommand('add Layla +966551234567 as broker')).toEqual({
      kind: 'add',
      name: 'Layla',
      phone: '+966551234567',
      role: 'broker',
    });
  });

  it('a removal, and "my team"', () => {
    expect(readTeamCommand('شيل ليلى من الفريق')).toEqual({ kind: 'remove', name: 'ليلى', explicit: true });
    expect(readTeamCommand('remove Layla')).toEqual({ kind: 'remove', name: 'Layla', explicit: false });
    for (const text of ['فريقي', 'فريقي؟', 'مين في فريقي', 'أعضاء الفريق', 'my team', 'who is on my team'])
      expect(readTeamCommand(text), text).toEqual({ kind: 'list' });
  });

  it('leaves customers, notes, the calendar and the team report to their features', () => {
    for (const text of [
      'عميل جديد أحمد 0551234567',
      'أضف ملاحظة على خالد: الوسيط اتصل',
      'احذف العميل أحمد',
      'شيل ارقام العملاء من التقويم',
      'add a new lead Omar 0551234567',
      'ملخص الفريق',
    ])
      expect(readTeamCommand(text), text).toBeUndefined();
  });

  it('«شيل ليلى من الفريق» is no cancel for the parser; «احذف» alone still is', () => {
    const now = new Date('2026-12-01T09:00:00Z');
    expect(parse('شيل ليلى من الفريق', { now }).intent).toBe('unknown');
    expect(parse('احذف ليلى من الفريق', { now }).intent).toBe('unknown');
    expect(parse('احذف', { now }).intent).toBe('cancel');
    expect(parse('شيل', { now }).intent).toBe('cancel');
  });
});

describe('adding a member by chat', () => {
  it('asks to confirm, then adds her pending (nothing before the yes)', async () => {
    const chat = featureHarness({
      features: [teamFeature, customersFeature],
      actor: { kind: 'member', member: owner },
      core: { members: { add: async (_scope, input) => added(input) } },
    });
    const [ask] = await chat.send('أضف ليلى 0551234567 للفريق وسيط');
    expect(ask!.text).toMatch(/أضيف ليلى \(0551234567\) للفريق بدور وسيط؟/);
    expect(ask!.choices?.map((c) => c.id)).toEqual(['confirm', 'cancel']);
    expect(chat.calls.map((c) => c.method)).not.toContain('members.add');
    const [done] = await chat.send('نعم');
    expect(done!.text).toMatch(/✅ أضفت ليلى/);
    expect(done!.text).toMatch(/أرسلت له دعوة على رقمه/);
    const add = chat.calls.find((c) => c.method === 'members.add');
    expect(add?.args[1]).toEqual({ name: 'ليلى', phone: '+966551234567', role: 'broker', status: 'pending' });
    expect(chat.calls.map((c) => c.method)).not.toContain('customers.create');
  });

  it('takes a correction at the confirmation («لا، مراقبة»), and asks what is missing', async () => {
    const chat = featureHarness({
      features: [teamFeature],
      actor: { kind: 'member', member: owner },
      core: { members: { add: async (_scope, input) => added(input) } },
    });
    const [askRole] = await chat.send('add Sara 0551234567 to the team');
    expect(askRole!.text).toMatch(/What will Sara's role/);
    expect(askRole!.choices?.map((c) => c.id)).toEqual([
      'role:broker',
      'role:team_member',
      'role:observer',
      'role:manager',
    ]);
    const [confirm] = await chat.send('broker');
    expect(confirm!.text).toMatch(/Add Sara \(0551234567\) to the team as broker\?/);
    const [corrected] = await chat.send('no, as an observer');
    expect(corrected!.text).toMatch(/as observer\?/);
    await chat.send('yes');
    expect(chat.calls.find((c) => c.method === 'members.add')?.args[1]).toMatchObject({ role: 'observer' });
  });

  it('asks for the name and the phone when missing, and takes a name correction («اسمها …»)', async () => {
    const chat = featureHarness({
      features: [teamFeature],
      actor: { kind: 'member', member: owner },
      core: { members: { add: async (_scope, input) => added(input) } },
    });
    const [askName] = await chat.send('أضف عضو جديد للفريق مراقب');
    expect(askName!.text).toMatch(/وش اسم العضو الجديد؟/);
    const [askPhone] = await chat.send('نورة');
    expect(askPhone!.text).toMatch(/وش رقم جوال نورة؟/);
    const [confirm] = await chat.send('٠٥٥١٢٣٤٥٦٧');
    expect(confirm!.text).toMatch(/أضيف نورة \(0551234567\) للفريق بدور مراقب؟/);
    const [renamed] = await chat.send('لا، اسمها نورة العتيبي');
    expect(renamed!.text).toMatch(/أضيف نورة العتيبي \(0551234567\) للفريق بدور مراقب؟/);
    await chat.send('نعم');
    expect(chat.calls.find((c) => c.method === 'members.add')?.args[1]).toMatchObject({
      name: 'نورة العتيبي',
      role: 'observer',
    });
  });

  it('«إلغاء» adds nobody', async () => {
    const chat = featureHarness({ features: [teamFeature], actor: { kind: 'member', member: owner }, core: {} });
    await chat.send('أضف خالد 0557654321 مراقب');
    const [stopped] = await chat.send('إلغاء');
    expect(stopped!.text).toBe('تم الإلغاء. ما سجلت شي.');
    expect(chat.calls.map((c) => c.method)).toEqual([]);
  });

  it('says who is already on the team with that number', async () => {
    const chat = featureHarness({
      features: [teamFeature],
      actor: { kind: 'member', member: owner },
      core: {
        members: {
          add: async () => ({
            ok: false as const,
            error: { code: 'MEMBER.PHONE_TAKEN' as const, details: { name: 'ليلى', status: 'active' } },
          }),
        },
      },
    });
    await chat.send('أضف ليلى 0551234567 للفريق وسيط');
    const [refused] = await chat.send('نعم');
    expect(refused!.text).toMatch(/ليلى مسجل بالفريق بنفس الرقم/);
  });
});

describe('removing a member by chat', () => {
  it('confirms, then says how many customers moved and to whom', async () => {
    const chat = featureHarness({
      features: [teamFeature, customersFeature],
      actor: { kind: 'member', member: owner },
      core: {
        members: {
          findByName: async () => [LAYLA],
          remove: async () =>
            ok({
              userId: 'u-layla',
              name: 'ليلى',
              successor: { id: owner.userId, name: owner.name },
              moved: {
                customers: 3,
                tasks: 2,
                requests: 0,
                appointments: 1,
                followups: 0,
                properties: 0,
                offers: 0,
                matches: 0,
                reminders: 0,
                remindersDropped: 0,
              },
              sessionsRevoked: 0,
            }),
        },
      },
    });
    const [ask] = await chat.send('شيل ليلى من الفريق');
    expect(ask!.text).toMatch(/متأكد تبي تشيل ليلى \(وسيط\) من الفريق؟/);
    expect(chat.calls.map((c) => c.method)).not.toContain('members.remove');
    const [done] = await chat.send('نعم');
    expect(done!.text).toBe('✅ شلت ليلى من الفريق. انتقل لك: ٣ عملاء، مهمتين، موعد قادم واحد. ما ضاع شي.');
    expect(chat.calls.find((c) => c.method === 'members.remove')?.args[1]).toEqual({ userId: 'u-layla' });
  });

  it('asks which one when two members share the name', async () => {
    const other = {
      ...LAYLA,
      userId: 'u-layla-2',
      name: 'ليلى العتيبي',
      phone: '+966557777777',
      role: 'observer' as const,
    };
    const chat = featureHarness({
      features: [teamFeature],
      actor: { kind: 'member', member: owner },
      core: { members: { findByName: async () => [LAYLA, other], list: async () => [LAYLA, other] } },
    });
    const [which] = await chat.send('remove Layla from the team');
    expect(which!.text).toMatch(/Several members are called Layla/);
    expect(which!.choices?.map((c) => c.id)).toEqual(['member:u-layla', 'member:u-layla-2']);
    // a bare number says nothing of the language (the harness then answers in Arabic)
    const [confirm] = await chat.send('2');
    expect(confirm!.text).toMatch(/تشيل ليلى العتيبي \(مراقب\) من الفريق؟/);
    const [kept] = await chat.send('no');
    expect(kept!.text).toBe('OK, ليلى العتيبي stays on the team.');
  });

  it('"remove Omar" naming no member is left to the customers feature', async () => {
    const chat = featureHarness({
      features: [teamFeature, customersFeature],
      actor: { kind: 'member', member: owner },
      core: { members: { findByName: async () => [] }, customers: { search: async () => [] } },
    });
    const [reply] = await chat.send('remove Omar');
    expect(reply!.text).toMatch(/No customer named Omar/);
  });

  it('says the customers are kept when she had none', () => {
    const none = {
      customers: 0,
      tasks: 0,
      requests: 0,
      appointments: 0,
      properties: 0,
    };
    expect(movedSummary('ar', none)).toBe('ولا عميل');
    expect(movedSummary('en', { ...none, customers: 1, requests: 2 })).toBe('1 customer, 2 requests');
  });
});

describe('members who do not manage the team', () => {
  it('a broker asking to add is refused in Arabic, and in English', async () => {
    const chat = featureHarness({ features: [teamFeature], actor: { kind: 'member', member: broker }, core: {} });
    const [ar] = await chat.send('أضف خالد 0557654321 للفريق وسيط');
    expect(ar!.text).toMatch(/لمالك المكتب أو المدير بس/);
    const [en] = await chat.send('add Khalid +966557654321 as broker');
    expect(en!.text).toMatch(/Only the office owner or a manager can add or remove team members/);
    const [removal] = await chat.send('شيل ليلى من الفريق');
    expect(removal!.text).toMatch(/لمالك المكتب أو المدير بس/);
    expect(chat.calls.map((c) => c.method).filter((m) => m.startsWith('members.'))).toEqual([]);
  });

  it('an observer asking is refused too', async () => {
    const observer = testMember({ role: 'observer', name: 'عمر' });
    const chat = featureHarness({ features: [teamFeature], actor: { kind: 'member', member: observer }, core: {} });
    const [reply] = await chat.send('add Khalid +966557654321 as broker');
    expect(reply!.text).toMatch(/Only the office owner or a manager/);
  });

  it('«فريقي» shows a broker his team, without numbers', async () => {
    const chat = featureHarness({
      features: [teamFeature],
      actor: { kind: 'member', member: broker },
      core: {
        members: {
          list: async (_s, options) => {
            expect(options).toEqual({ teamOf: 'u-layla' });
            return [
              { ...LAYLA },
              { userId: 'u-saad', name: 'سعد', phone: '+966500000001', role: 'manager', status: 'active', teams: [] },
              {
                userId: 'u-sara',
                name: 'سارة',
                phone: '+966500000003',
                role: 'observer',
                status: 'pending',
                teams: [],
              },
            ];
          },
        },
      },
    });
    const [list] = await chat.send('فريقي');
    expect(list!.text).toBe(
      '👥 الفريق (٣):\n• ليلى (أنت) — وسيط\n• سعد — مدير\n• سارة — مراقب (بانتظار أول رسالة منه)',
    );
  });
});
