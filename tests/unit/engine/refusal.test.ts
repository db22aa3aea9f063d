// The chat edge of a refusal (bot/engine/refusal.ts): a core command refused for the member's role
// becomes a bilingual reply naming it, and the conversation stays where it was. Over a fake core.
import { describe, expect, it } from 'vitest';
import { refusalText } from '../../../bot/engine/refusal.ts';
import { tasksFeature } from '../../../bot/features/tasks/index.ts';
import { ForbiddenError } from '../../../core/teams/authorize.ts';
import { featureHarness, testMember } from '../../support/feature-harness.ts';

const now = new Date('2026-12-01T09:00:00Z');
const task = {
  id: 't-1',
  title: 'اتصل على خالد',
  dueAt: new Date('2026-12-01T13:00:00Z'),
  dueDate: null,
  status: 'todo',
  customer: null,
};

describe('a command core refuses', () => {
  it('is answered «ما عندك صلاحية …» naming it, and the chat keeps its list', async () => {
    const chat = featureHarness({
      features: [tasksFeature],
      actor: { kind: 'member', member: testMember({ role: 'team_member' }) },
      now,
      core: {
        tasks: {
          list: async () => [task] as never,
          create: async () => {
            throw new ForbiddenError('tasks', 'create', 'task.create');
          },
        },
      },
    });
    await chat.send('وش مهامي');
    const before = structuredClone(chat.state);
    expect(before.list).toEqual({ kind: 'task', ids: ['t-1'] });
    const replies = await chat.send('ذكرني بكرة الساعة ٤ اراجع العقد');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe('🔒 ما عندك صلاحية إضافة المهام؛ صلاحياتك ما تسمح بهذا. كلّم مدير المكتب لو تحتاجها.');
    expect(chat.state).toEqual(before);
    expect(chat.calls.map((c) => c.method)).toContain('tasks.create');
  });

  it('is answered in English to an English message', async () => {
    const chat = featureHarness({
      features: [tasksFeature],
      now,
      core: {
        tasks: {
          create: async () => {
            throw new ForbiddenError('tasks', 'create', 'task.create');
          },
        },
      },
    });
    const [reply] = await chat.send('remind me tomorrow at 4pm to review the contract');
    expect(reply!.text).toBe("🔒 You don't have permission to add tasks. Ask your office manager if you need it.");
  });

  it('any other error still ends at the turn’s error boundary', async () => {
    const chat = featureHarness({
      features: [tasksFeature],
      now,
      core: {
        tasks: {
          create: async () => {
            throw new Error('database away');
          },
        },
      },
    });
    await expect(chat.send('ذكرني بكرة الساعة ٤ اراجع العقد')).rejects.toThrow('database away');
  });
});

describe('the refusal names what was refused', () => {
  it('by the command when core names it, else by module and action', () => {
    expect(refusalText('ar', { module: 'crm', action: 'create', command: 'sale.record' })).toContain(
      'ما عندك صلاحية تسجيل الصفقات',
    );
    expect(refusalText('en', { module: 'crm', action: 'create', command: 'sale.record' })).toContain(
      "You don't have permission to record deals",
    );
    expect(refusalText('ar', { module: 'crm', action: 'create' })).toContain('ما عندك صلاحية إضافة العملاء');
    expect(refusalText('en', { module: 'crm', action: 'delete' })).toContain('permission to delete customers');
    // a report beyond the member's team is named by what it takes: the whole office
    expect(refusalText('en', { module: 'analytics', action: 'viewAll', command: 'report.view' })).toContain(
      "permission to see all the office's reports",
    );
  });
});
