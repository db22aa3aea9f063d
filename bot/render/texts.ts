// Texts Nova says in more than one place, in Arabic and English. Handler-specific sentences live with
// their handler (bilingual pairs through `t`), so that a reader sees what is said where it is decided.

import type { OutboundMessage } from '../types.ts';
import type { Lang } from './format.ts';

export const t = (lang: Lang, ar: string, en: string) => (lang === 'ar' ? ar : en);

export function errorReply(lang: Lang, ref: string): OutboundMessage {
  return {
    text: t(
      lang,
      `عذراً، صار خلل عندي وما قدرت أكمل طلبك. جرّب مرة ثانية بعد شوي، وإذا تكرر أعطِ الدعم هذا الرقم: ${ref}`,
      `Sorry, something went wrong on my side and I could not finish that. Please try again shortly; if it happens again, give support this reference: ${ref}`,
    ),
  };
}

export type HelpRole = 'broker' | 'observer' | 'owner' | 'client';

export function helpText(lang: Lang, role: HelpRole, name?: string): string {
  const hello = name ? t(lang, `أهلاً ${name}! `, `Hi ${name}! `) : t(lang, 'أهلاً! ', 'Hi! ');
  if (role === 'broker' || role === 'observer') {
    const create = role === 'broker';
    return (
      hello +
      t(
        lang,
        'أنا نوفا، مساعدك في إدارة عملائك. تقدر تكتب لي مثلاً:\n',
        "I'm Nova, your CRM assistant. You can write, for example:\n",
      ) +
      [
        create &&
          t(
            lang,
            '• عميل جديد أحمد 0551234567 يبي شقة بالرياض حي الملقا ميزانيته ٨٠٠ ألف',
            '• new lead Sara +966554443322 wants a villa in Jeddah, budget 2.5M',
          ),
        t(lang, '• عملائي  أو  وين رقم أبو فهد؟', '• show my leads  or  find Ahmed'),
        create && t(lang, '• كلمت خالد وقال يفكر', '• note on Khalid: he will think about it'),
        create && t(lang, '• ذكرني أتصل بخالد بكرة ٤ العصر', '• remind me to call Ahmed tomorrow at 4pm'),
        t(lang, '• وش مهامي اليوم؟', '• my tasks today'),
        create && t(lang, '• خلصت مهمة ٢', '• done with task 2'),
        create && t(lang, '• تم بيع فيلا النرجس بمليونين و٣٠٠ ألف', '• closed a deal: villa sold for 2.3M'),
        create && t(lang, '• للبيع فيلا في النرجس ٤٥٠ متر بـ ٢ مليون', '• for sale: villa in Al Narjis, 450 sqm, 2M'),
        t(lang, '• عندكم فلل بالملقا تحت ٣ مليون؟  ·  المطابقات', '• any villas in Jeddah above 4M?  ·  show matches'),
        create &&
          t(
            lang,
            '• احجز معاينة مع أحمد بكرة الساعة ٥  ·  وش مواعيدي بكرة؟',
            '• book a viewing with Sara on Monday at 4:30pm  ·  my appointments today',
          ),
        create &&
          t(
            lang,
            '• دوامي الخميس من ٤ إلى ٩  ·  إجازتي من ١ إلى ٥ ديسمبر',
            '• working hours Thursday 4 to 9  ·  holiday 1 to 5 December',
          ),
        t(lang, '• ملخص الشهر', '• how am I doing this month?'),
        t(lang, '• إلغاء — يوقف أي خطوة', '• cancel — stops any step'),
      ]
        .filter(Boolean)
        .join('\n')
    );
  }
  if (role === 'owner') {
    return (
      hello +
      t(
        lang,
        'أنا نوفا من مكتب العقار. تبي تعرض عقارك للبيع أو الإيجار؟ اكتب مثلاً: عندي فيلا للبيع في النرجس ٤٥٠ متر بـ ٢ مليون\nوإذا عقارك معروض عندنا: اكتب «عقاراتي» تشوف حالته، أو «نزل السعر لـ…»، «وقف الإعلان»، «انباع».',
        'I\'m Nova from the real-estate office. Want to list your property for sale or rent? Write for example: I have a villa for sale in Al Narjis, 450 sqm, 2M\nAlready listed with us? Write "my listings" to see how it is doing, or "lower the price to …", "pause my listing", "sold".',
      )
    );
  }
  return (
    hello +
    t(
      lang,
      'أنا نوفا من مكتب العقار. قل لي وش تدوّر عليه، مثلاً: أبي شقة للإيجار في الرياض ٣ غرف تحت ٦٠ ألف',
      "I'm Nova from the real-estate office. Tell me what you are looking for, e.g.: I need a 2 bedroom apartment for rent in Riyadh under 60k",
    )
  );
}

export const notAllowed = (lang: Lang) =>
  t(
    lang,
    'صلاحياتك ما تسمح بهذا الإجراء. كلّم مدير الفريق.',
    'Your permissions do not allow that. Please ask your team manager.',
  );

export const cancelled = (lang: Lang) => t(lang, 'تم الإلغاء. ما سجلت شي.', 'Cancelled. Nothing was saved.');
export const startingOver = (lang: Lang) =>
  t(
    lang,
    'تمام، نبدأ من جديد 👍 ما سجلت شي. اكتب لي من البداية وش تبي.',
    'OK, starting over 👍 Nothing was saved. Tell me again from the beginning.',
  );
export const nothingToCancel = (lang: Lang) =>
  t(lang, 'ما فيه شي شغال أوقفه. وش تبي نسوي؟', 'There is nothing to cancel. What would you like to do?');
