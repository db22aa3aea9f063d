// The vocabulary of the parser: words and short phrases (Gulf dialect, MSA, English) tagged with what
// they signal. Keys are normalised like the tokens (hamza forms, ى/ي, ة/ه, tashkeel, case), so each entry
// is written once in its usual spelling. Lookups go through the clitic-stripped forms of a word
// (normalize.ts bases()), so "للبيع", "بالإيجار", "وشقة" need no entries of their own.
//
// Tags (several per entry, space-separated):
//   pt:<type> property type · lt:sale / lt:rent listing type · rp:yearly / rp:monthly rent period
//   (rpw:… the same, only next to an amount or a rent) · the upper-case intent cues are described in
//   intent.ts · STOP a function word (never a name or a place).
import { editDistance } from '../../core/shared/text.ts';
import { bases, T_AR, type Token, tokenize } from './normalize.ts';

const ENTRIES: [string, string][] = [
  // --- property types
  [
    'pt:apartment',
    'شقة|شقق|الشقة|الشقق|شقتي|شقته|شقتها|شقتنا|شقه|apartment|apartments|flat|flats|apt|apts|studio|استوديو|ستوديو|شقة سكنية',
  ],
  ['pt:villa', 'فيلا|فيلة|فله|فلة|فلل|الفيلا|الفلل|فلتي|فيلتي|فلته|فيلته|فيلات|villa|villas'],
  ['pt:land', 'أرض|الأرض|اراضي|أراضي|الاراضي|ارضي|أرضه|ارضه|land|lands|plot|plots|قطعة أرض'],
  ['pt:floor', 'دور|أدوار|الدور|الادوار|floor|دور أرضي|دور علوي|الدور الأرضي|الدور العلوي|ground floor|upper floor'],
  ['pt:building', 'عمارة|عمائر|العمارة|عمارتي|عمارات|building|buildings'],
  ['pt:duplex', 'دوبلكس|دبلكس|دوبلكسات|الدوبلكس|duplex|duplexes'],
  ['pt:townhouse', 'تاون هاوس|تاونهاوس|townhouse|townhouses|town house'],
  ['pt:rest_house', 'استراحة|استراحات|الاستراحة|استراحتي|rest house|resthouse|istiraha'],
  ['pt:chalet', 'شاليه|شاليهات|الشاليه|شالية|chalet|chalets'],
  ['pt:farm', 'مزرعة|مزارع|المزرعة|مزرعتي|farm|farms'],
  ['pt:shop', 'محل|محلات|المحل|محلي|دكان|shop|shops|store|retail shop|محل تجاري'],
  ['pt:office', 'مكتب|مكاتب|المكتب|مكتبي|office|offices'],
  ['pt:warehouse', 'مستودع|مستودعات|المستودع|مخزن|مخازن|warehouse|warehouses'],
  ['pt:showroom', 'معرض|معارض|المعرض|showroom|showrooms'],
  ['pt:palace', 'قصر|قصور|القصر|palace|palaces'],
  [
    'PLURAL',
    'شقق|الشقق|فلل|الفلل|فيلات|اراضي|الاراضي|عمائر|عمارات|محلات|المحلات|مكاتب|المكاتب|مستودعات|استراحات|شاليهات|مزارع|دوبلكسات|قصور|معارض|ادوار|عقارات|العقارات|بيوت|apartments|flats|villas|lands|plots|buildings|shops|offices|warehouses|chalets|farms|duplexes|properties|listings|houses',
  ],
  ['MINE', 'شقتي|فلتي|فيلتي|ارضي|عمارتي|بيتي|محلي|مكتبي|عقاري|عقارنا|استراحتي|مزرعتي|شاليهي|شقتنا|بيتنا'],
  // «عقاراتي», "my listings": the broker's own listings, a search
  ['PROPERTY MYLISTINGS', 'عقاراتي|عقاراتنا|عروضي|اعلاناتي|إعلاناتي|my listings|my properties'],
  ['PROPERTY', 'عقار|العقار|عقارات|العقارات|بيت|البيت|منزل|بيوت|property|properties|house|houses|home|unit|units'],
  // --- listing type
  [
    'lt:sale',
    'بيع|البيع|للبيع|شراء|الشراء|للشراء|تمليك|للتمليك|تملك|sale|sell|selling|sold|buy|buying|purchase|for sale',
  ],
  ['lt:sale SELL', 'ابيع|أبيعها|ابيعه|نبيع|نبيعها|ابيعها'],
  ['lt:sale BUY', 'اشتري|أشتري|نشتري|يشتري|تشتري|اشتريها'],
  ['lt:sale SOLD', 'بعت|بعنا|باع|انباع|انباعت|بيعت|بعتها|بعناها|تم بيع|تم البيع|sold'],
  [
    'lt:rent',
    'إيجار|الإيجار|ايجار|للإيجار|بالإيجار|أجار|للأجار|الأجار|تأجير|للتأجير|التأجير|استئجار|الاستئجار|rent|rental|renting|lease|leasing|for rent|for lease|to let',
  ],
  ['lt:rent RENTIN', 'استاجر|أستأجر|نستأجر|يستأجر|تستأجر|استأجرها'],
  [
    'lt:rent LETOUT',
    'أأجر|اأجر|أؤجر|اوجر|أأجرها|اأجرها|نأجر|نأجرها|rent out|let out|lease out|rent it out|renting out|renting it out|to let|for let',
  ],
  ['lt:rent SOLD', 'أجرت|أجرنا|أجرتها|أجرناها|تأجرت|تم تأجير|تم التأجير|rented|leased|rented out|leased out'],
  // --- rent period
  ['rp:yearly', 'سنوي|سنويا|السنوي|سنوية|yearly|annual|annually|per annum|per year|a year'],
  ['rp:monthly', 'شهري|شهريا|الشهري|شهرية|monthly|per month|a month'],
  ['rpw:yearly', 'بالسنة|في السنة|السنة|سنة|year|/year|yr'],
  ['rpw:monthly', 'بالشهر|في الشهر|month|/month|mo'],
  ['DAILY', 'يومي|اليومي|يوميا|daily|per day|per night|nightly'],
  // --- conversation
  [
    'GREET',
    'السلام عليكم|سلام عليكم|السلام|سلام|هلا|هلا والله|هلا وغلا|اهلا|أهلين|اهلين|مرحبا|مرحبتين|مراحب|صباح الخير|مساء الخير|صباح النور|مساء النور|حياك|حياك الله|يا هلا|hi|hello|hey|hiya|salam|salaam|good morning|good evening|good afternoon|كيف الحال|كيفك|شلونك|وش اخبارك|how are you|greetings|السلام عليكم ورحمة الله|عليكم السلام|صباح الورد|صباح الفل|صباح الياسمين|مساء الورد|مساء الفل|صباحو|مساك الله بالخير|صبحك الله بالخير|يسعد صباحك|يسعد مساك',
  ],
  [
    'HELP',
    'مساعدة|مساعده|ساعدني|تساعدني|وش تقدر تسوي|ايش تقدر تسوي|وش تسوي|ايش تسوي|وش تقدر|شو بتقدر تعمل|كيف استخدم|كيف استخدمك|كيف اشتغل|وش الاوامر|الاوامر|الأوامر|help|what can you do|how does this work|how do i|how to|commands|menu|what do you do|guide|instructions|شرح|كيف يشتغل|الخدمات|خدماتك|وش تقدم|ايش تقدم|وش تعرف تسوي|وش اقدر اسوي|ايش اقدر اسوي|وش اقدر|وش اسوي|what are your features|features|what can i do',
  ],
  [
    'CANCEL',
    'الغاء|إلغاء|الغ|الغي|ألغ|ألغي|الغيه|الغيها|الغوه|الغوها|الغوا|كنسل|كنسلوه|كنسلوها|كنسلي|لا تكمل|لا تكملين|وقف|توقف|cancel|scrap|stop|abort|quit|exit|never mind|nevermind|forget it|انسى|انساها|انسى الموضوع|بطلت|delete|احذف|امسح|شيل',
  ],
  ['CANCELW', 'خلاص'],
  // «قفلت البيعة»: the deal itself, never a district
  ['STOP', 'البيعة|البيعه|بيعة|بيعه'],
  // the office's own people: «أضف عضو جديد للفريق» is a member, not a customer (and الفريق is no place)
  ['TEAMW STOP', 'عضو|العضو|موظف|موظفة|الفريق|للفريق|فريقي|فريقنا|بالفريق|team|teammate|staff|team member'],
  // a delete names what goes ("احذف العميل أحمد"); alone, the same words still cancel
  ['DELETE', 'احذف|احذفي|حذف|امسح|امسحي|شيل|شطب|اشطب|delete|remove|erase'],
  [
    'YES',
    'نعم|ايه|إيه|ايوه|ايوا|اي|أكيد|اكيد|تمام|اوكي|اوك|ok|okay|okey|اعتمد|اعتمده|اعتمدها|موافق|صح|صحيح|بالضبط|yes|yep|yeah|yup|sure|confirm|confirmed|correct|go ahead|طيب|زين|ماشي|ابشر|يب|of course|certainly|absolutely|right|exactly|agreed|approve|approved|تم',
  ],
  [
    'NO',
    'لا|لأ|no|nope|nah|not now|مو|مب|غلط|wrong|لا شكرا|no thanks|مو صحيح|ما ابي|ما ابغى|ماابي|مابي|ما ابغي|لا ما ابي|not really|incorrect|negative',
  ],
  [
    'FILLER STOP',
    'شكرا|مشكور|يعطيك العافية|الله يعطيك العافية|thanks|thank|thank you|please|plz|pls|لو سمحت|لو سمحتي|من فضلك|طال عمرك|يا|والله|الله|ya|بس|just',
  ],
  // --- customers
  [
    'CUST',
    'عميلي|عميلتي|زبوني|عميل|عميلة|العميل|العميلة|للعميل|زبون|الزبون|زبونة|lead|leed|client|customer|buyer|tenant|prospect|contact',
  ],
  ['CUSTS', 'عملاء|العملاء|عملائي|زباين|الزباين|زبايني|leads|clients|customers|contacts|prospects|buyers|tenants'],
  ['CUST_MY', 'عملائي|زبايني|my leads|my clients|my customers|my contacts'],
  ['LAST', 'الاخير|الأخيرة|الاخيره|اخر واحد|آخر واحد|the last one|last one|the last'],
  ['NEW', 'جديد|جديدة|الجديد|الجديدة|جداد|الجداد|new'],
  [
    'ADD',
    'أضف|اضف|ضيف|ضيفي|اضيفي|أضيف|اضيف|ضف|سجل|سجلي|أسجل|اسجل|نسجل|تسجيل|إضافة|اضافة|سجلت|أضفت|اضفت|ضفت|add|register|create|انشئ|أنشئ|دخل|ادخل|save|احفظ|حط|record|added',
  ],
  ['LIST', 'اعرض|عرض|وريني|ورني|ورنا|طلع لي|show|list|view|display|قائمة|كل|all|see'],
  [
    'UPDATE',
    'تغير|تغيرت|اتغير|رقمه الجديد|رقمها الجديد|رفع|رفعت|زود|زودت|خفض|خفضت|قلل|changed|raised|increased|lowered|reduced|new number|غير|غيري|تغيير|عدل|عدلي|تعديل|حدث|حدثي|تحديث|بدل|خلي|خل|اجعل|change|update|edit|modify|set|correct|make',
  ],
  [
    'FIELD',
    'حالة|حالته|حالتها|تفاصيل|معلومات|بيانات|details|info|رقم|رقمه|رقمها|جوال|جواله|جوالها|ميزانية|ميزانيته|ميزانيتها|اسم|اسمه|اسمها|ايميل|ايميله|ايميلها|بريد|اهتمام|اهتمامه|اهتمامها|status|phone|number|budget|email|name|interest|stage|mobile',
  ],
  // "villa 1 went to abu fahad for 2.18m" (with a listing and an amount: intent.ts)
  ['WENTTO', 'went to|goes to|gone to'],
  // how far a customer's budget goes: "can stretch to 55k", «يقدر يوصل مليون»
  ['STRETCH', 'stretch|stretch to|can afford|afford|go up to|يقدر يوصل|تقدر توصل|يوصل|توصل|يقدر يدفع|تقدر تدفع'],
  [
    'STATUS',
    'مهتم|مهتمة|مهتم جدا|غير مهتم|بارد|ساخن|تفاوض|يتفاوض|negotiating|hot|cold|warm|interested|not interested|intrested|not intrested|intersted|not intersted|جاد|جادة',
  ],
  // «اكتب عند ابو فهد: …»: written on the customer
  ['NOTE', 'ملاحظة|ملاحظه|ملاحظات|نوت|اكتب عند|سجل عند|دون عند|قيد عند|note|notes|add a note|log|write down|note down'],
  [
    'CONTACTED',
    'كلمت|كلمته|كلمتها|كلمني|كلمتني|اتصلت|اتصلت على|اتصلت ب|تواصلت|تواصلت مع|زرت|زرته|زرتها|قابلت|قابلته|قابلتها|التقيت|جاني|جاتني|رد علي|ردت علي|رحت|رحنا|عاينا|عاينت|وريته|وريتها|شاف|شافت|called|spoke|talked|met|visited|spoke to|talked to|heard from|texted|emailed|showed',
  ],
  ['SAID', 'قال|قالت|يقول|تقول|يفكر|تفكر|said|says|thinks|told me|يرد|ترد|ما رد|ما ردت|مشغول|مسافر'],
  // --- seeking, offering, searching
  [
    'SEEK1',
    "أبي|ابي|أبغى|ابغى|ابغي|أبغي|أبا|ودي|أحتاج|احتاج|محتاج|محتاجة|أريد|اريد|نبي|نبغى|نبغي|ندور|أدور|ادور|ابحث عن|i need|i want|i am looking|im looking|i'm looking|we need|we want|want|need|wanna|looking for|interested in|i would like|i'd like",
  ],
  ['SEEK3', 'يبي|يبغى|يبغي|تبي|تبغى|تبغي|يدور|تدور|يدورون|يبحث|تبحث|يريد|تريد|يحتاج|تحتاج|يبون|wants|needs|is looking'],
  ['lt:sale SELL', 'sell|selling|to sell'],
  // "I'd like to put my land up for sale": an owner's ("is the villa up for sale?" is a seeker's question)
  ['lt:sale PUTUP', 'up for sale'],
  ['lt:rent PUTUP', 'up for rent'],
  ['lt:sale BUY', 'buy|buying|purchase|to buy'],
  // "i also have …" (issue 11: an English listing sent while a request waited was read as a request)
  [
    'HAVE',
    "عندي|عندنا|لدي|لدينا|i have|we have|i own|أملك|املك|نملك|i've got|we've got|i got|i also have|we also have|i also own|i've also got|i also got",
  ],
  ['OFFERW', 'عرض جديد|اعلان|إعلان|listing|new listing|add listing|اعلان جديد'],
  ['REQW', 'طلب|طلبات|الطلبات|طلباتي|طلباتنا|الطلب|طلب جديد|مطلوب|request|requests|new request|wanted'],
  [
    'SEARCHW',
    'ابحث|أبحث|بحث|lookup|look up|دور لي|دورلي|عندكم|عندك|في عندكم|يوجد|متوفر|متوفرة|متاح|متاحة|any|anything|got anything|search|find|show me|do you have|got any|available|what do you have|وش عندكم|ايش عندكم|تدور لي|لقيت لي|طلع لي',
  ],
  ['FIH', 'فيه|فيه شي|is there|are there'],
  // --- matches
  [
    'MATCH ITEM',
    'مطابقة|مطابقه|مطابقات|المطابقات|المطابقة|فرصة|فرصه|فرص|الفرص|الفرصة|match|matches|matching|opportunity|opportunities|المطابقه|الفرصه|ترشيح|ترشيحات|الترشيحات',
  ],
  // «وش يناسب ماجد؟»: with a customer's name, a broker's question about his matches (intent.ts)
  [
    'SUITS',
    'يناسب|تناسب|يناسبه|تناسبه|يناسبها|تناسبها|يناسبون|مناسب له|المناسبة له|suits|suit|fits|fit for|suitable for',
  ],
  ['ACCEPT', 'اقبل|أقبل|قبول|قبلت|وافق|وافقت|موافق|موافقة|accept|approve|take|اعتمد|ماشي'],
  ['REJECT', 'ارفض|أرفض|رفض|رفضت|reject|decline|dismiss|skip|pass|مو مناسبة|ما تناسب'],
  // --- appointments
  [
    'APPT',
    'موعد|الموعد|موعدي|موعده|موعدها|موعدهم|معاينته|معاينتها|معاينتهم|معاينة|معاينه|المعاينة|زيارة|زياره|الزيارة|اجتماع|الاجتماع|لقاء|ميتنق|appointment|viewing|meeting|visit|showing|tour',
  ],
  [
    'APPTS',
    'مواعيد|مواعيدي|المواعيد|معاينات|زيارات|اجتماعات|appointments|viewings|meetings|visits|showings|agenda|calendar|جدولي|my schedule',
  ],
  ['BOOK', 'احجز|أحجز|حجز|حط|حطي|رتب|book|schedule|set up|arrange|نحجز|حدد|سوي'],
  // asking leave: "can i visit it on thursday at 5?", «ممكن موعد بكرة العصر؟» ask for one, not about one
  ['ASKTO', 'can i|can we|could i|could we|may i|may we|ممكن|اقدر|أقدر|نقدر|ينفع|يمديني|يمدي'],
  [
    'RESCHED',
    'أجل|اجل|أجلي|تأجيل|أخره|أخرها|تأخير|انقل|نقل|قدم|قدمه|reschedule|move|postpone|push|delay|push back|bring forward|rebook',
  ],
  // verbs of moving one's own appointment: «أبي أغير موعدي», and with the appointment as a pronoun
  // («ممكن اأجله لبعد بكرة»), RESCHEDIT, which moves it even with no appointment word (intent.ts)
  ['RESCHED', 'أغير|اغير|نغير|أبدل|ابدل|نبدل|أأجل|اأجل|نأجل|أؤجل|اؤجل'],
  [
    'RESCHED RESCHEDIT',
    'أأجله|اأجله|أأجلها|اأجلها|نأجله|نأجلها|أجله|اجله|أجلها|اجلها|أؤجله|اؤجله|أؤجلها|اؤجلها|أخره|اخره|أخرها|اخرها|قدمه|قدمها|انقله|انقلها|أغيره|اغيره|أغيرها|اغيرها|reschedule it|move it|postpone it|push it',
  ],
  // «اقدر اخليها السبت؟»: a move of one's viewing, but in a booking's dialog an answer to it (lower confidence)
  ['RESCHEDSOFT', 'اخليها|اخليه|نخليها|نخليه|تخليها|تخليه|يخليها|يخليه|تأخر|تاخر|نأخر|ناخر|تقدم|نقدم'],
  ['CALLV', 'call|اتصل|اتصل على|كلم|تواصل مع|راسل|ارسل|أرسل|text|email|send|follow up with|تابع مع|تابع'],
  ['AGENDA', "وش عندي|ايش عندي|شو عندي|وش وراي|what do i have|what's on|whats on|what is on|my day"],
  // «عندي شي بكرة؟», «وش جدولي الخميس»: the agenda only with a day named (intent.ts)
  ['AGENDA2', 'عندي شي|فيه شي|في شي|عندي اي شي|جدولي|وش جدولي|my schedule|anything on|do i have anything|am i free'],
  // --- tasks
  ['TASK ITEM', 'مهمة|مهمه|المهمة|task|todo|to-do|to do'],
  [
    'TASKS',
    'مهام|المهام|مهامي|متابعاتي|المتابعات|مين لازم اكلم|مين اكلم|مين لازم اتصل عليه|who should i call|who do i need to call|who to call|tasks|todos|my tasks|to-dos|my follow ups|my follow-ups|my followups',
  ],
  ['REMIND', 'ذكرني|ذكريني|نبهني|نبهيني|فكرني|لا تنساني|تذكير|remind|reminder|remind me|set a reminder'],
  [
    'DONE',
    'خلصت|خلصنا|خلصتها|خلصته|انتهيت|أنجزت|انجزت|done|completed|finished|complete|mark as done|mark done|check off|انتهت|خلصت من|تمت|انجزت المهمة|اكتملت',
  ],
  [
    'ACTION',
    'الاتصال|اتصال|المكالمة|مكالمة|الزيارة|ارسال|إرسال|تجهيز|متابعة|المتابعة|call|calling|send|sending|follow-up|followup|follow up',
  ],
  ['OVERDUE', 'المتأخرة|متأخرة|المتاخره|المتاخر|المتأخر|متاخر|متأخر|فاتتني|فاتني|overdue|late|pending|المعلقة|معلقة'],
  // --- deals and reports
  [
    'SOLD',
    'قفلت صفقة|قفلنا صفقة|تمت الصفقة|صفقة تمت|closed a deal|closed the deal|deal closed|closed|sold|قفلت|قفلنا|خلصت صفقة|تم تأجير|سكرت صفقة|سكرنا صفقة|سكرت الصفقة|سكرنا الصفقة|سكرت البيعة|سجل صفقة|سجلي صفقة|سجل الصفقة|سجل صفقه|سجلت صفقة|سجلنا صفقة|سجلت الصفقة|سجلت صفقه|سجلت بيعة|سجلنا بيعة|سجل بيعة|سجل عملية بيع|record a sale|record a deal|log a sale|log a deal|record sale|record deal|سجل بيع|سجلي بيع|سجل تاجير|سجل تأجير|قفلت البيعة|قفلنا البيعة|سكرت البيعه|قفلت البيعه|تمت البيعة|تمت البيعه',
  ],
  ['DEAL', 'صفقة|صفقه|صفقات|الصفقات|deal|deals|sales|مبيعات|المبيعات|عمولة|عمولات|commission|revenue|دخل'],
  [
    'REPORT',
    'ملخص|تقرير|التقرير|دخلي|دخلنا|احصائيات|احصائياتي|إحصائياتي|احصائياتنا|عمولتي|عمولاتي|مبيعاتي|صفقاتي|وضعي|وش وضعي|كيف وضعي|my stats|my numbers|month numbers|monthly numbers|our numbers|team numbers|my commission|my commissions|my sales|my deals|إحصائيات|احصائية|أرقام|ارقام|ارقامي|أدائي|ادائي|summary|report|stats|statistics|performance|dashboard|how am i doing|how did i do|how are we doing|انجازاتي|كيف أدائي|وش سويت|كيف الشغل|كيف شغلي|كيف المبيعات|كيف الأداء|حصيلة|الحصيلة',
  ],
  ['HOWMANY', 'كم|how many|how much'],
  ['QWORD', 'وش|ايش|شو|شنو|what|وين|where|متى|when|هل|which|is there|are there|مين|منو|who'],
  ['GIVE', 'عطني|اعطني|أعطني|جيب لي|ابي رقم|give me|send me|get me'],
  // «ابي اشوفها بكرة»: the listing as a pronoun (it, her, him) is seen as well
  [
    'VIEWV',
    'اشوف|أشوف|نشوف|يشوف|تشوف|اعاين|أعاين|نعاين|يعاين|اشوفها|أشوفها|نشوفها|اشوفه|أشوفه|نشوفه|اعاينها|أعاينها|نعاينها|اعاينه|أعاينه|نعاينه|see|view|check out',
  ],
  ['NEG', 'ما|مو|لم|not|لسه|باقي'],
  // --- quantities
  ['BED', 'غرف|غرفة|غرفات|غرف نوم|غرفة نوم|bedroom|bedrooms|bed|beds|br|bdr|bhk|rooms|room|bd'],
  ['BED2', 'غرفتين|غرفتان|غرفتين نوم'],
  ['BATH', 'حمام|حمامات|دورة مياه|دورات مياه|bathroom|bathrooms|bath|baths|wc|toilet|toilets'],
  ['BATH2', 'حمامين|حمامان|دورتين مياه'],
  [
    'AREA_UNIT',
    'متر|مترات|امتار|م|م2|متر مربع|مربع|sqm|sq|sq m|square meters|square metres|square meter|meters|metres|meter|metre|m2|sqft',
  ],
  ['AREA_CUE', 'مساحة|مساحه|المساحة|مساحتها|مساحته|بمساحة|مساحتها|area|size|sized'],
  ['CURRENCY', 'ريال|ريالات|الف ريال|ر.س|رس|sar|sr|riyal|riyals|rial|rials|rs'],
  ['PRICE_CUE', 'سعر|السعر|بسعر|سعرها|سعره|قيمة|القيمة|بقيمة|price|asking|priced|cost|costs|للبيع ب'],
  [
    'MAXC',
    'ميزانية|ميزانيه|ميزانيتي|ميزانيته|ميزانيتها|ميزانيتنا|الميزانية|بميزانية|بحدود|حدود|في حدود|تحت|حتى|اقل من|أقل من|اقل|ما يتعدى|ما يتجاوز|لا يتجاوز|ما يزيد عن|لا يزيد عن|الحد الاعلى|اقصى|up to|under|below|less than|budget|within|no more than|at most|max|maximum|لحد|ما تتعدى|ما تزيد عن|upto',
  ],
  [
    'MINC',
    'فوق|اكثر من|أكثر من|ما يقل عن|لا يقل عن|على الاقل|ابتداء من|يبدأ من|above|over|more than|at least|min|minimum|starting|starting from|from',
  ],
  ['MINPOST', 'وطالع|و طالع|وفوق|و فوق|فما فوق|واكثر|و اكثر|او اكثر|or more|and above|and up|plus|or above|وأعلى'],
  ['MAXPOST', 'وتحت|و تحت|ونازل|و نازل|فما دون|او اقل|or less|and below|or below|max|وأقل'],
  ['RFROM', 'بين|من|from|between'],
  ['RTO', 'الى|إلى|لين|لحد|حتى|to|till|until'],
  // --- function words: never names, never places
  [
    'STOP',
    'في|فى|من|على|الى|عن|مع|و|يا|هو|هي|هم|انا|انت|انتي|احنا|نحن|اللي|الي|الذي|التي|هذا|هذه|هذي|هذيك|ذا|ذي|هنا|هناك|بعض|اي|أي|ليش|كيف|لو|اذا|إذا|ان|انه|انها|لان|عشان|علشان|قد|لقد|ما|لم|لن|ليس|فقط|ثم|بعدين|الحين|الان|الآن|حاليا|جدا|مره|مرة|كثير|شوي|له|لها|لي|لك|ليه|فيها|فيه|عليه|عليها|منه|منها|عنه|عنها|معه|معها|بخصوص|حول|قريب|قريبة|جنب|اول|آخر|اخر|كمان|برضو|بعد|قبل|غير|صاحب|صاحبة|المالك|مالك|المشتري|البائع|المستأجر|الوسيط|السمسار|الاخ|الأخ|الاخت|الأستاذ|الاستاذ|استاذ|أستاذ|السيد|السيدة|الشيخ|شيخ|دكتور|الدكتور|د|م|ابو|أبو|ام|أم|بن|ابن|بنت|اخوي|أخوي|اخوان|ربعي|the|a|an|of|in|on|at|to|for|with|and|or|but|is|are|was|be|been|my|me|i|you|he|she|it|we|they|this|that|these|those|his|her|their|our|your|from|by|as|about|near|some|any|can|could|would|will|shall|should|do|does|did|not|no|yes|so|if|then|there|here|mr|mrs|ms|dr|miss|sir|one|ones|also|too|very|get|got|let|like|go|going|see|need|want|new|up|down|out|into|onto|per|via|what|when|where|who|whom|how|which|why|call|text|email|phone|number|named|name|called|next|last|this|coming|today|tomorrow|tonight|now|please|thanks|hi|hello|hey|ok|okay|sure|done|people|person|guy|lady|someone|somebody|him|them|us|rent|sale|buy|sell|budget|price|deal|viewing|meeting|appointment|task|note|lead|client|customer|villa|apartment|land|office|shop|book|show|find|search|cancel|stop|help|looking|all|my|more|less|than|between',
  ],
];

/** The lookup key of a word or phrase: its tokens' normalised forms, space-separated. */
export function phraseKey(form: string): string {
  return tokenize(form)
    .map((t) => t.n)
    .join(' ');
}

const WORD_MAP = new Map<string, string[]>();
const PHRASE_MAP = new Map<string, string[]>();
/** first words of the phrases */
const PHRASE_FIRSTS = new Set<string>();
let maxPhrase = 1;

for (const [tagStr, forms] of ENTRIES) {
  const tags = tagStr.split(' ');
  for (const form of forms.split('|')) {
    const key = phraseKey(form);
    if (!key) continue;
    const n = key.split(' ').length;
    const map = n > 1 ? PHRASE_MAP : WORD_MAP;
    if (n > 1) PHRASE_FIRSTS.add(key.split(' ')[0] as string);
    if (n > maxPhrase) maxPhrase = n;
    const prev = map.get(key);
    if (prev) {
      for (const t of tags) if (!prev.includes(t)) prev.push(t);
    } else map.set(key, [...tags]);
  }
}

/**
 * English property words a typo does not hide: "apartmnt", "appartment", "vila", "warehose". Only the
 * long ones, a letter or two off (two from nine letters on) with the first letter right, and only when
 * one type is nearest: short words have too many neighbours ("shops" / "shows", "store" / "story").
 */
const TYPO_TARGETS: [form: string, tags: string[]][] = [...WORD_MAP]
  .filter(([form]) => /^[a-z]+$/.test(form) && (form.length >= 6 || form.startsWith('villa')))
  .filter(([, tags]) => tags.some((tag) => tag.startsWith('pt:')))
  .map(([form, tags]) => [form, tags.filter((tag) => tag.startsWith('pt:'))]);
/** Real words one letter from a property word. */
const NOT_TYPOS = new Set(['officer', 'officers', 'offical', 'vile', 'villain', 'chalk', 'palaces']);

function typoTags(word: string): string[] | undefined {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || NOT_TYPOS.has(word)) return undefined;
  const allowed = word.length >= 9 ? 2 : 1;
  let best: string[] | undefined;
  let bestDistance = allowed + 1;
  for (const [form, tags] of TYPO_TARGETS) {
    if (form[0] !== word[0] || Math.abs(form.length - word.length) > allowed) continue;
    const distance = editDistance(word, form);
    if (distance < bestDistance) {
      best = tags;
      bestDistance = distance;
    } else if (distance === bestDistance && best && best[0] !== tags[0]) best = undefined;
  }
  return bestDistance <= allowed ? best : undefined;
}

/** The tags of one word (its literal form first, then its clitic-stripped forms, then a typo's). */
export function wordTags(tok: Token): string[] | undefined {
  const direct = WORD_MAP.get(tok.n);
  if (direct) return direct;
  if (tok.t !== T_AR) return typoTags(tok.n);
  const bs = bases(tok);
  for (let k = 1; k < bs.length; k++) {
    const t = WORD_MAP.get(bs[k] as string);
    if (t) return t;
  }
  // "المحلات", "بالمستودعات": a property type with the article
  for (const b of bs) {
    if (b.startsWith('ال') && b.length > 4) {
      const t = WORD_MAP.get(b.slice(2));
      // not a possessive form: "الأرضي" (ground floor) is not "أرضي" (my land)
      if (t?.some((x) => x.startsWith('pt:')) && !t.includes('MINE')) return t.filter((x) => x.startsWith('pt:'));
    }
  }
  return undefined;
}

export interface Annotation {
  /** Tags of each token (phrase tags are given to every token of the phrase). */
  tags: (string[] | undefined)[];
  /** Positions of the first token of each tag occurrence. */
  pos: Map<string, number[]>;
}

/**
 * Tags every token: the longest phrase that starts at a token wins (phrases up to four tokens, the
 * first one compared in its clitic-stripped forms too), else the word itself.
 */
export function annotate(tokens: Token[]): Annotation {
  const tags: (string[] | undefined)[] = new Array(tokens.length);
  const pos = new Map<string, number[]>();
  const note = (t: string[], i: number): void => {
    for (const tag of t) {
      const p = pos.get(tag);
      if (p) p.push(i);
      else pos.set(tag, [i]);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    let matched = 0;
    if (maxPhrase > 1 && i + 1 < tokens.length) {
      const firsts = (tok.t === T_AR ? bases(tok) : [tok.n]).filter((f) => PHRASE_FIRSTS.has(f));
      for (let len = Math.min(maxPhrase, tokens.length - i); len >= 2 && !matched; len--) {
        let rest = '';
        for (let k = i + 1; k < i + len; k++) rest += ` ${(tokens[k] as Token).n}`;
        for (const f of firsts) {
          const t = PHRASE_MAP.get(f + rest);
          if (t) {
            for (let k = i; k < i + len; k++) tags[k] = t;
            note(t, i);
            matched = len;
            break;
          }
        }
      }
    }
    if (matched) {
      i += matched - 1;
      continue;
    }
    const t = wordTags(tok);
    if (t) {
      tags[i] = t;
      note(t, i);
    }
  }
  return { tags, pos };
}
