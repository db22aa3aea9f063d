// «كم عميل عندي؟» is the customers' count, not the month's report (customers.count.ts).
import { describe, expect, it } from 'vitest';
import { asksCustomerCount } from '../../../bot/features/customers/customers.count.ts';

describe('asksCustomerCount', () => {
  it.each([
    'كم عميل عندي',
    'كم عميل عندي؟',
    'كم عدد عملائي',
    'عدد عملائي؟',
    'كم زبون عندنا',
    'how many clients do i have?',
    'How many customers do we have',
  ])('asks the count: «%s»', (text) => expect(asksCustomerCount(text)).toBe(true));
  it.each([
    'كم عميل جديد هالشهر',
    'كم صفقة هالشهر',
    'عملائي',
    'كم عميل جاني اليوم',
    'how many new clients this month?',
  ])('leaves «%s» to the others', (text) => expect(asksCustomerCount(text)).toBe(false));
});
