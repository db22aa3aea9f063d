// Public types of the offline parser (bot/language). The LLM mode produces exactly the same shape.
import type { Span } from './spans.ts';

export type { Span, SpanKind } from './spans.ts';

export type Role = 'broker' | 'owner' | 'client';

export type Intent =
  | 'greeting'
  | 'help'
  | 'cancel'
  | 'confirm'
  | 'deny'
  | 'select'
  | 'customer.create'
  | 'customer.list'
  | 'customer.update'
  | 'note.add'
  | 'request.create'
  | 'offer.create'
  | 'property.search'
  | 'match.list'
  | 'match.accept'
  | 'match.reject'
  | 'appointment.create'
  | 'appointment.list'
  | 'appointment.cancel'
  | 'appointment.reschedule'
  | 'task.create'
  | 'task.list'
  | 'task.complete'
  | 'sale.record'
  | 'report.summary'
  | 'unknown';

export type PropertyType =
  | 'apartment'
  | 'villa'
  | 'land'
  | 'floor'
  | 'building'
  | 'duplex'
  | 'townhouse'
  | 'rest_house'
  | 'chalet'
  | 'farm'
  | 'shop'
  | 'office'
  | 'warehouse'
  | 'showroom'
  | 'palace';

export interface Entities {
  name?: string;
  /** E.164, e.g. "+966551234567" */
  phone?: string;
  /** lower-case */
  email?: string;
  property_type?: PropertyType;
  listing_type?: 'sale' | 'rent';
  rent_period?: 'yearly' | 'monthly';
  /** the city's name_en in the gazetteer, e.g. "Riyadh" */
  city?: string;
  /** the district's name_ar in the gazetteer without "حي " (an unknown district: the words as written) */
  district?: string;
  /** SAR: the asking price of an offer, the amount of a sale */
  price?: number;
  /** SAR: a seeker's range */
  budget_min?: number;
  budget_max?: number;
  /** m²: an offer's area */
  area?: number;
  /** m²: a seeker's range */
  area_min?: number;
  area_max?: number;
  bedrooms?: number;
  bathrooms?: number;
  /** ISO-8601 with offset, to the minute */
  datetime?: string;
  /** YYYY-MM-DD */
  date?: string;
  period?: 'this_week' | 'next_week' | 'this_month' | 'last_month';
  /** the N of "رقم ٣", "الثاني", "#12" */
  ref?: number;
}

export interface ParseOptions {
  /** the reference instant ("now") */
  now: Date;
  /** IANA time zone, default 'Asia/Riyadh' */
  tz?: string;
  /** who is writing, default 'broker' */
  role?: Role;
}

export interface ParseResult {
  intent: Intent;
  entities: Entities;
  /** every numeric value read in the text, in order, after number words and multipliers (not dates, times, phones) */
  numbers: number[];
  /** 0..1 */
  confidence: number;
  language: 'ar' | 'en';
  /** the parts of the text read as values, in order of their start (see spans.ts) */
  spans: Span[];
}
